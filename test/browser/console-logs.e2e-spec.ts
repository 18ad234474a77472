import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, watchedPage } from '../support/browser.js';
import { LocalHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

/** What the job page showed at one moment. */
interface Moment {
  status?: string;
  following: boolean;
  log?: string;
}

/** A job that writes its log over a second and a half: the seed's etl job. */
describe('the console following a log', () => {
  const harness = new LocalHarness();
  let sut: RunningScheduler;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await harness.setUp();
    sut = await startScheduler(harness.config({ job: { command: ['node', join(process.cwd(), 'etl', 'main.mjs')] } }));
    browser = await launchBrowser();
    ({ page, errors } = await watchedPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    await harness.tearDown();
  });

  it('follows the log of a running job as it grows, and shows all of it once the job has ended', async () => {
    await page.goto(`${sut.url}/jobs/new`);
    await page.waitForSelector('#payload');
    // The page is not reloaded from here on, so this sees the job page the form goes to.
    await page.evaluate(() => {
      const seen: Moment[] = [];
      (window as unknown as { seen: Moment[] }).seen = seen;
      new MutationObserver(() => {
        const now: Moment = {
          status: document.querySelector('p[aria-live] .status')?.textContent ?? undefined,
          following: document.querySelector('.following') !== null,
          log: document.querySelector('pre.logs')?.textContent ?? undefined,
        };
        if (JSON.stringify(seen.at(-1)) !== JSON.stringify(now)) seen.push(now);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.click('button[type=submit]');
    await page.waitForFunction(
      () =>
        document.querySelector('p[aria-live] .status')?.textContent === 'Succeeded' &&
        document.querySelector('pre.logs')?.textContent?.includes('etl: loaded'),
      { timeout: 30_000 },
    );
    const name = await page.$eval('h1', (el) => el.textContent);
    const seen = await page.evaluate(() => (window as unknown as { seen: Moment[] }).seen);
    const lines = [
      `etl: job ${name} started`,
      'etl: extracted 3 rows',
      'etl: transformed Oslo=39F, Bergen=45F, Trondheim=36F',
      'etl: loaded 3 rows',
    ];
    expect(await page.$eval('pre.logs', (el) => el.textContent)).toBe(lines.map((line) => `${line}\n`).join(''));
    // While it ran, the log grew in place: more than one part of it was shown, each the start of the next.
    const whileRunning = [
      ...new Set(seen.filter((s) => s.status === 'Running' && s.following && s.log?.startsWith('etl:')).map((s) => s.log!)),
    ];
    expect(whileRunning.length).toBeGreaterThanOrEqual(2);
    whileRunning.slice(1).forEach((log, i) => expect(log.startsWith(whileRunning[i])).toBe(true));
    expect(errors).toEqual([]);
  });
});
