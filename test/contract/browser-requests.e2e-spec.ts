import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rawRequest } from '../support/raw-http.js';
import { KubernetesHarness, LocalHarness, type RuntimeHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

/**
 * What a browser may do with the API, with the headers browsers really send (see
 * test/browser for the same against a real Chromium). A page of another site must get
 * nothing done; the scheduler's own pages, backends and curl keep working.
 */
const runtimes: RuntimeHarness[] = [new KubernetesHarness('browser'), new LocalHarness()];
const CONSOLE = 'https://console.example.com';

describe.each(runtimes)('requests from browsers on the $name runtime', (runtime) => {
  let sut: RunningScheduler;
  let withConsole: RunningScheduler;
  let host: string;
  let owned: string;

  beforeAll(async () => {
    await runtime.setUp();
    sut = await startScheduler(runtime.config());
    const config = runtime.config();
    withConsole = await startScheduler({ ...config, http: { ...config.http, allowedOrigins: [CONSOLE] } });
    host = new URL(sut.url).host;
    owned = join(runtime.name === 'local' ? (runtime as LocalHarness).dir : '/tmp', `owned-${process.pid}`);
  });

  afterAll(async () => {
    await Promise.all([sut?.close(), withConsole?.close()]);
    await runtime.tearDown();
  });

  const attack = () => JSON.stringify({ command: ['sh', '-c', `echo owned > ${owned}`], payload: 'x' });

  const refusals: { name: string; method?: string; headers: () => Record<string, string> }[] = [
    {
      name: 'a text/plain POST from a page of another site',
      headers: () => ({ origin: 'http://evil.example', 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' }),
    },
    {
      name: 'a no-cors POST that Chrome sends without an Origin',
      headers: () => ({ 'content-type': 'text/plain;charset=UTF-8', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' }),
    },
    { name: 'a POST from a sibling site', headers: () => ({ 'content-type': 'text/plain', 'sec-fetch-site': 'same-site' }) },
    { name: 'a POST from a sandboxed frame (Origin: null)', headers: () => ({ origin: 'null', 'content-type': 'application/json' }) },
    {
      name: 'an Origin on another port of this machine',
      headers: () => ({ origin: 'http://127.0.0.1:1', 'content-type': 'application/json' }),
    },
    {
      name: 'a rebound DNS name in Host',
      headers: () => ({
        host: `evil.example:${new URL(sut.url).port}`,
        origin: `http://evil.example:${new URL(sut.url).port}`,
        'content-type': 'application/json',
        'sec-fetch-site': 'same-origin',
      }),
    },
    {
      name: 'a loopback address dressed as a name in Host',
      headers: () => ({ host: '127.0.0.1.nip.io', 'content-type': 'application/json' }),
    },
  ];

  it.each(refusals)('refuses $name with 403 and starts nothing', async ({ headers }) => {
    const reply = await rawRequest(sut.url, { method: 'POST', path: '/api/v1/jobs', headers: headers(), body: attack() });
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ status: 'Failure', message: expect.any(String), reason: 'Forbidden', code: 403 });
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    expect((await sut.get('/api/v1/jobs')).body).toEqual([]);
    expect(await runtime.leftoversOf('compute-')).toEqual([]);
    expect(existsSync(owned)).toBe(false);
  });

  it('lets a link from another site open a page of the scheduler, but never the API', async () => {
    const visit = { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
    expect((await rawRequest(sut.url, { path: '/swagger', headers: visit })).status).toBe(200);
    expect((await rawRequest(sut.url, { path: '/api/v1/jobs', headers: visit })).status).toBe(403);
    expect(
      (await rawRequest(sut.url, { method: 'POST', path: '/jobs/new', headers: { ...visit, 'content-type': 'text/plain' }, body: '{}' }))
        .status,
    ).toBe(403);
  });

  it('refuses reads under a rebound Host name too', async () => {
    const reply = await rawRequest(sut.url, { path: '/api/v1/jobs', headers: { host: 'attacker.example' } });
    expect([reply.status, reply.body.message]).toEqual([
      403,
      'Host "attacker.example" is not a name this scheduler answers to (JOB_SCHEDULER_ALLOWED_HOSTS lists more)',
    ]);
  });

  it('answers to the loopback names, with the port', async () => {
    const port = new URL(sut.url).port;
    for (const name of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST']) {
      expect((await rawRequest(sut.url, { path: '/api/v1/jobs', headers: { host: name } })).status).toBe(200);
    }
  });

  it('serves a page of its own: same Origin, Sec-Fetch-Site same-origin', async () => {
    const headers = { origin: `http://${host}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
    const reply = await rawRequest(sut.url, { method: 'POST', path: '/api/v1/jobs', headers, body: '{"payload": "from the console"}' });
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    await sut.delete(`/api/v1/jobs/${reply.body.name}`);
  });

  it('refuses a body from a page of its own that does not say it is JSON, with 415', async () => {
    const headers = { origin: `http://${host}`, 'sec-fetch-site': 'same-origin', 'content-type': 'text/plain' };
    const reply = await rawRequest(sut.url, { method: 'POST', path: '/api/v1/jobs', headers, body: '{}' });
    expect([reply.status, reply.body.reason, reply.body.message]).toEqual([
      415,
      'UnsupportedMediaType',
      'a request from a page must send Content-Type: application/json, not "text/plain"',
    ]);
    expect((await sut.get('/api/v1/jobs')).body).toEqual([]);
  });

  it('still reads any content type as JSON from clients that are not browsers (curl -d)', async () => {
    const reply = await rawRequest(sut.url, {
      method: 'POST',
      path: '/api/v1/jobs',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '{"payload": "curl"}',
    });
    expect(reply.status).toBe(200);
    await sut.delete(`/api/v1/jobs/${reply.body.name}`);
  });

  describe('with an allowed origin', () => {
    it('answers its preflight with CORS headers and no work', async () => {
      const headers = {
        origin: CONSOLE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
        'sec-fetch-site': 'cross-site',
      };
      const reply = await rawRequest(withConsole.url, { method: 'OPTIONS', path: '/api/v1/jobs', headers });
      expect(reply.status).toBe(204);
      expect(reply.headers).toMatchObject({
        'access-control-allow-origin': CONSOLE,
        'access-control-allow-methods': 'GET, POST, DELETE',
        'access-control-allow-headers': expect.stringMatching(/Authorization, Content-Type/),
        'access-control-max-age': '600',
        vary: expect.stringContaining('Origin'),
      });
    });

    it('serves its requests with Access-Control-Allow-Origin', async () => {
      const headers = { origin: CONSOLE, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' };
      const reply = await rawRequest(withConsole.url, { method: 'POST', path: '/api/v1/jobs', headers, body: '{}' });
      expect([reply.status, reply.headers['access-control-allow-origin']]).toEqual([200, CONSOLE]);
      const errors = await rawRequest(withConsole.url, { path: '/api/v1/jobs/compute-20200101000000-nothere0', headers });
      expect([errors.status, errors.headers['access-control-allow-origin']]).toEqual([404, CONSOLE]);
      await withConsole.delete(`/api/v1/jobs/${reply.body.name}`);
    });

    it('refuses every other origin, preflight included, without CORS headers', async () => {
      const headers = { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' };
      const reply = await rawRequest(withConsole.url, { method: 'OPTIONS', path: '/api/v1/jobs', headers });
      expect(reply.status).toBe(403);
      expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
