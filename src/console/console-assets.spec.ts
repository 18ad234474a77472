import { describe, expect, it } from '@jest/globals';
import type { Request, Response } from 'express';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aSchedulerConfig } from '../../test/fakes/scheduler-config.fixture.js';
import { ConsoleAssets } from './console-assets.js';

/** A response that keeps what it was sent. */
function recorder() {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const response = {
    status: (code: number) => ((sent.status = code), response),
    set: (headers: Record<string, string>) => (Object.assign(sent.headers, headers), response),
    type: () => response,
    send: (body: string) => ((sent.body = body), response),
  };
  return { sent, response: response as unknown as Response };
}

/** A built console as Vite leaves it: a page with the placeholder for the scheduler's facts. */
function builtConsole(): string {
  const folder = mkdtempSync(join(tmpdir(), 'console-'));
  writeFileSync(
    join(folder, 'index.html'),
    '<html><head><script id="console-config" type="application/json">__CONSOLE_CONFIG__</script></head><body></body></html>',
  );
  return folder;
}

/** Whether the console's page middleware answered the request, rather than passing it on. */
function answered(assets: ConsoleAssets, request: Partial<Request>, response: Response, isRoute = (_path: string) => false): boolean {
  let passed = false;
  assets.pages(isRoute)(request as Request, response, () => (passed = true));
  return !passed;
}

describe('ConsoleAssets', () => {
  const config = aSchedulerConfig({ peers: [{ job: 'etl</script><script>alert(1)</script>', port: 9000 }] });
  const sut = new ConsoleAssets(config, builtConsole());

  it("answers the paths of the console with its page, carrying this scheduler's facts", () => {
    const { sent, response } = recorder();
    expect(answered(sut, { method: 'GET', path: '/jobs/compute-1-a' }, response)).toBe(true);
    const facts = JSON.parse(/<script id="console-config" type="application\/json">(.*?)<\/script>/s.exec(sent.body!)![1]);
    expect(facts).toEqual({
      app: 'demo',
      environment: 'dev',
      job: 'compute',
      runtime: 'local',
      tokenRequired: false,
      peers: [{ job: 'etl</script><script>alert(1)</script>', port: 9000 }],
    });
    expect(sent.body).not.toContain('etl</script>');
    expect(sent.headers['Content-Security-Policy']).toContain("frame-ancestors 'none'");
  });

  it.each(['/api/v1/nothing', '/health/nope', '/metrics/x', '/swagger-ui/x', '/assets/missing.js'])('leaves %s to its own 404', (path) => {
    expect(answered(sut, { method: 'GET', path }, recorder().response)).toBe(false);
  });

  it('leaves a path that a route has to the route', () => {
    expect(answered(sut, { method: 'GET', path: '/jobs' }, recorder().response, (path) => path === '/jobs')).toBe(false);
  });

  it('answers only reads', () => {
    expect(answered(sut, { method: 'POST', path: '/jobs' }, recorder().response)).toBe(false);
  });

  it('answers nothing when the console is not built', () => {
    expect(answered(new ConsoleAssets(config, ''), { method: 'GET', path: '/' }, recorder().response)).toBe(false);
  });
});
