import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'puppeteer-core';
import { launchBrowser, watchedPage } from '../support/browser.js';
import { KubernetesHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

/** One pass through the console against the test control plane: the same views on the other runtime. */
describe('the console on Kubernetes', () => {
  const harness = new KubernetesHarness('console');
  let sut: RunningScheduler;
  let browser: Browser;

  beforeAll(async () => {
    await harness.setUp();
    sut = await startScheduler(harness.config());
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    await harness.tearDown();
  });

  it('starts a job from the form and shows it succeed, with its attempt and log', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${sut.url}/`);
    expect(await page.$eval('.brand', (el) => el.textContent)).toContain('kubernetes');
    await page.goto(`${sut.url}/jobs/new`);
    await page.type('#payload', 'smoke');
    await page.type('#variables', 'SIM_LOG=from the simulated kubelet\n');
    await page.click('button[type=submit]');
    await page.waitForFunction(() => document.querySelector('p[aria-live] .status')?.textContent === 'Succeeded', { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('pre.logs')?.textContent === 'from the simulated kubelet', { timeout: 10_000 });
    expect(await page.$$eval('table tbody tr', (rows) => rows.length)).toBe(1);
    expect(errors).toEqual([]);
  });
});
