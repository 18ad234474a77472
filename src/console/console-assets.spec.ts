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

describe('ConsoleAssets', () => {
  const config = aSchedulerConfig({ peers: [{ job: 'etl</script><script>alert(1)</script>', port: 9000 }] });
  const sut = new ConsoleAssets(config, builtConsole());

  it("answers the paths of the console with its page, carrying this scheduler's facts", () => {
    const { sent, response } = recorder();
    expect(sut.answer({ method: 'GET', path: '/jobs/compute-1-a' } as Request, response)).toBe(true);
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
    expect(sut.answer({ method: 'GET', path } as Request, recorder().response)).toBe(false);
  });

  it('answers only reads', () => {
    expect(sut.answer({ method: 'POST', path: '/jobs' } as Request, recorder().response)).toBe(false);
  });

  it('answers nothing when the console is not built', () => {
    expect(new ConsoleAssets(config, '').answer({ method: 'GET', path: '/' } as Request, recorder().response)).toBe(false);
  });
});
