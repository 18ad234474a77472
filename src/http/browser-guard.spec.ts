import { describe, expect, it } from '@jest/globals';
import type { Request, Response } from 'express';
import { browserGuard } from './browser-guard.js';
import { RequestRefusedError } from './http.errors.js';

interface Case {
  name: string;
  settings: { allowedHosts?: string[]; allowedOrigins: string[] };
  headers: Record<string, string>;
  refused?: RegExp;
}

/** Runs the guard on a request with these headers; what it passed to `next`. */
function guard(settings: Case['settings'], headers: Record<string, string>, method = 'POST'): unknown {
  const request = { headers, method, path: '/api/v1/jobs' } as unknown as Request;
  const response = { vary: () => response, set: () => response } as unknown as Response;
  let passed: unknown = 'not called';
  browserGuard(settings)(request, response, (error?: unknown) => (passed = error));
  return passed;
}

describe('browserGuard', () => {
  const loopback = { allowedHosts: ['localhost', '127.0.0.1', '[::1]'], allowedOrigins: [] };
  const unchecked = { allowedOrigins: [] };

  const cases: Case[] = [
    { name: 'passes curl on loopback', settings: loopback, headers: { host: '127.0.0.1:8000' } },
    {
      name: 'refuses a rebound name on loopback',
      settings: loopback,
      headers: { host: 'evil.example:8000' },
      refused: /^Host "evil.example:8000" is not a name/,
    },
    { name: 'checks no Host when no names are configured (behind a Service)', settings: unchecked, headers: { host: 'compute:8000' } },
    {
      name: "refuses another site's page even without a Host check",
      settings: unchecked,
      headers: { host: 'compute:8000', origin: 'http://evil.example' },
      refused: /^requests from pages of "http:\/\/evil.example"/,
    },
    {
      name: 'passes a same-origin page',
      settings: unchecked,
      headers: { host: 'compute:8000', origin: 'http://compute:8000', 'content-type': 'application/json' },
    },
    {
      name: 'refuses a no-cors request marked cross-site',
      settings: loopback,
      headers: { host: 'localhost:8000', 'sec-fetch-site': 'cross-site' },
      refused: /^cross-site requests from browsers/,
    },
  ];

  it.each(cases)('$name', ({ settings, headers, refused }) => {
    const passed = guard(settings, headers);
    if (!refused) return expect(passed).toBeUndefined();
    expect(passed).toBeInstanceOf(RequestRefusedError);
    expect((passed as Error).message).toMatch(refused);
  });
});
