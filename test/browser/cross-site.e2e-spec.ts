import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { launchBrowser } from '../support/browser.js';
import { eventually } from '../support/kube-admin.js';
import { freePort } from '../support/process.js';
import { LocalApp } from '../local/local-scheduler.js';

/**
 * The attacks of the cross-site issue, made by a real headless Chromium rather than by
 * headers we guessed: a page of another origin, and a page reached through a rebound DNS
 * name (Chromium resolves `rebind.test` to 127.0.0.1, as an attacker's DNS would).
 */
describe('a real browser against the local scheduler', () => {
  const app = new LocalApp();
  const owned = join(app.dir, 'owned.txt');
  let browser: Browser;
  let url: string;
  let port: number;
  let evil: Server;
  let evilUrl: string;

  beforeAll(async () => {
    port = await freePort();
    url = await app.start('work', { LOG_LEVEL: 'debug' }, port);
    const evilPort = await freePort();
    evil = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>cat pictures</body></html>'));
    await new Promise<void>((resolve) => evil.listen(evilPort, '127.0.0.1', resolve));
    // localhost and 127.0.0.1 are different sites to a browser.
    evilUrl = `http://localhost:${evilPort}/`;
    browser = await launchBrowser(['--host-resolver-rules=MAP rebind.test 127.0.0.1']);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => evil?.close(resolve));
    await app.cleanUp();
  });

  const jobs = async () => (await (await fetch(`${url}/api/v1/jobs`)).json()) as { name: string }[];
  const attack = JSON.stringify({ command: ['sh', '-c', `echo owned > ${owned}`] });

  it('starts nothing for a no-cors POST from a page of another origin', async () => {
    const page = await browser.newPage();
    await page.goto(evilUrl);
    const type = await page.evaluate(
      (target, body) => fetch(target, { method: 'POST', mode: 'no-cors', body }).then((r) => r.type),
      `http://127.0.0.1:${port}/api/v1/jobs`,
      attack,
    );
    expect(type).toBe('opaque');
    // The request did reach the scheduler, and was refused there.
    await eventually(
      async () => app.scheduler.text,
      (text) => /POST \/api\/v1\/jobs -> 403 Forbidden: requests from pages of "http:\/\/localhost:\d+"/.test(text),
      'the refusal in the log',
    );
    expect(await jobs()).toEqual([]);
    expect(readdirSync(app.pids)).toEqual([]);
    expect(existsSync(owned)).toBe(false);
    await page.close();
  });

  it('starts nothing for a page reached through a rebound DNS name', async () => {
    const page = await browser.newPage();
    const landing = await page.goto(`http://rebind.test:${port}/`);
    expect(landing?.status()).toBe(403);
    // To the browser this is now a same-origin request, so the page could read the answer.
    const reply = await page.evaluate(
      (body) =>
        fetch('/api/v1/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { name: string },
        })),
      attack,
    );
    expect(reply).toEqual({
      status: 403,
      body: expect.objectContaining({ reason: 'Forbidden', message: expect.stringMatching(/^Host "rebind\.test:\d+" is not a name/) }),
    });
    expect(await jobs()).toEqual([]);
    await page.close();
  });

  it("serves the scheduler's own pages: Swagger UI can start a job", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    const swagger = await page.goto(`${url}/swagger`);
    expect(swagger?.status()).toBe(200);
    // It draws itself under the same page headers as the console: no framing, no sniffing, nothing from elsewhere.
    expect(swagger?.headers()).toMatchObject({
      'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
    });
    expect(swagger?.headers()['x-powered-by']).toBeUndefined();
    await page.waitForFunction(() => document.querySelector('.swagger-ui .info .title')?.textContent?.includes('Job scheduler'));
    expect(errors).toEqual([]);
    const reply = await page.evaluate(() =>
      fetch('/api/v1/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { name: string },
      })),
    );
    expect(reply.status).toBe(200);
    expect(await app.pidOf(reply.body.name)).toBeGreaterThan(0);
    await page.close();
  });
});
