import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { SchedulerClient } from '../../client/src/index.js';
import { launchBrowser, watchedPage } from '../support/browser.js';
import { eventually } from '../support/kube-admin.js';
import { LocalHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

/** Where the screenshots that README shows are written. */
export const SCREENSHOTS = join(process.cwd(), 'docs', 'screenshots');

/** Every control has a label: an input, select or textarea without one, or a button without a name, is listed. */
async function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...[...document.querySelectorAll('input, select, textarea')]
      .filter((el) => (el as HTMLInputElement).labels?.length === 0 && !el.getAttribute('aria-label'))
      .map((el) => el.outerHTML),
    ...[...document.querySelectorAll('button')]
      .filter((el) => !el.textContent?.trim() && !el.getAttribute('aria-label'))
      .map((el) => el.outerHTML),
  ]);
}

/** The page's dialogs from now on: each message kept, each answered as `answer` then says. */
function answerDialogs(page: Page): { messages: string[]; answer: 'accept' | 'dismiss' } {
  const dialogs = { messages: [] as string[], answer: 'accept' as 'accept' | 'dismiss' };
  page.removeAllListeners('dialog');
  page.on('dialog', (dialog) => {
    dialogs.messages.push(dialog.message());
    void (dialogs.answer === 'accept' ? dialog.accept() : dialog.dismiss());
  });
  return dialogs;
}

/** Every call the page makes to the API that changes something (not a GET), as `POST /api/v1/...`. */
function changesAsked(page: Page): string[] {
  const asked: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/') && request.method() !== 'GET') asked.push(`${request.method()} ${url.pathname}`);
  });
  return asked;
}

/** From now on, every status each row of the job list shows, in order, and `gone` when the row goes. */
async function watchRows(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, string[]> = {};
    (window as unknown as { rows: typeof seen }).rows = seen;
    const note = () => {
      const shown = new Map(
        [...document.querySelectorAll('tr[data-job]')].map((row) => [
          row.getAttribute('data-job')!,
          row.querySelector('.status')?.textContent ?? '',
        ]),
      );
      for (const name of new Set([...Object.keys(seen), ...shown.keys()])) {
        const now = shown.get(name) ?? 'gone';
        if ((seen[name] ??= []).at(-1) !== now) seen[name].push(now);
      }
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

const rowsSeen = (page: Page, name: string) =>
  page.evaluate((job) => (window as unknown as { rows: Record<string, string[]> }).rows[job] ?? [], name);

/** The page's event stream, once the scheduler has answered it: what happens from then on reaches the page. */
const eventStream = (page: Page) =>
  page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/events' && response.status() === 200, {
    timeout: 10_000,
  });

/** The console in a real Chromium, against the scheduler on the local runtime. */
describe('the console', () => {
  const harness = new LocalHarness();
  let sut: RunningScheduler;
  let api: SchedulerClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let dialogs: ReturnType<typeof answerDialogs>;
  let changes: string[];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await harness.setUp();
    const config = harness.config({ job: { ports: [] } });
    // One job at a time: a job can be held Waiting behind another, to be seen waiting.
    sut = await startScheduler({ ...config, queue: { maxConcurrentJobs: 1 } });
    api = new SchedulerClient({ baseUrl: sut.url });
    browser = await launchBrowser();
  });

  beforeAll(async () => {
    ({ page, errors } = await watchedPage(browser));
    dialogs = answerDialogs(page);
    changes = changesAsked(page);
  });

  afterEach(async () => {
    expect(errors).toEqual([]);
    expect(await unlabelled(page)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    await harness.tearDown();
  });

  const statusOnPage = () => page.$eval('p[aria-live] .status', (el) => el.textContent);
  /** Opens a view that follows the event stream, and waits until it does. */
  const visit = async (path: string) => {
    await Promise.all([eventStream(page), page.goto(`${sut.url}${path}`)]);
  };
  const statusShown = (status: string) =>
    page.waitForFunction((want) => document.querySelector('p[aria-live] .status')?.textContent === want, { timeout: 30_000 }, status);
  /** Clicks an action of the job page and waits for the dialog that asks to confirm it. */
  const act = async (action: string, answer: 'accept' | 'dismiss') => {
    const asked = dialogs.messages.length;
    dialogs.answer = answer;
    await page.click(`.actions button::-p-text(${action})`);
    await eventually(
      async () => dialogs.messages.length,
      (count) => count > asked,
      `the dialog of ${action}`,
    );
  };

  it('starts a job from the form and shows it go Waiting, Running, Succeeded without a reload', async () => {
    const blocker = await api.createJob({ variables: { SIM_RUN_SECONDS: '60' } });
    await page.goto(`${sut.url}/jobs/new`);
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });
    await page.type('#payload', '{"x": 10, "y": 20}');
    await page.type('#variables', 'SIM_RUN_SECONDS=1\nSIM_LOG=hello from the job\n');
    await page.type('#time-limit', '600');
    const curl = await page.$eval('pre.curl', (el) => el.textContent);
    expect(curl).toContain('"timeLimitSeconds":600');
    expect(curl).not.toContain('Authorization');
    await page.screenshot({ path: join(SCREENSHOTS, 'new-job.png') });
    await page.click('button[type=submit]');
    await page.waitForSelector('p[aria-live] .status');
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const note = () => {
        const text = document.querySelector('p[aria-live] .status')?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
      };
      note();
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    expect(await statusOnPage()).toBe('Waiting');
    await api.stopJob(blocker.name);
    await page.waitForFunction(() => document.querySelector('p[aria-live] .status')?.textContent === 'Succeeded', { timeout: 30_000 });
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen).toEqual(['Waiting', 'Running', 'Succeeded']);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await page.$eval('pre.payload', (el) => el.textContent)).toBe('{"x": 10, "y": 20}');
  });

  it("shows the job's logs", async () => {
    await page.waitForFunction(() => document.querySelector('pre.logs')?.textContent === 'hello from the job', { timeout: 10_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'job.png'), fullPage: true });
  });

  it('stops a running job once confirmed, and not while the dialog is dismissed', async () => {
    const job = await api.createJob({ variables: { SIM_RUN_SECONDS: '60', SIM_LOG: 'working\n' } });
    await visit(`/jobs/${job.name}`);
    await statusShown('Running');
    const [asked, changed] = [dialogs.messages.length, changes.length];
    await act('Stop', 'dismiss');
    await act('Stop', 'accept');
    await statusShown('Stopped');
    expect(await page.$eval('[data-reason]', (el) => el.textContent)).toBe('Stopped');
    expect(dialogs.messages.slice(asked)).toEqual([`Stop job ${job.name}?`, `Stop job ${job.name}?`]);
    // The dismissed dialog sent nothing: the one stop is the confirmed one's.
    expect(changes.slice(changed)).toEqual([`POST /api/v1/jobs/${job.name}/stop`]);
  });

  it('deletes a job, once confirmed, and lists it no more', async () => {
    const job = await api.waitForJob((await api.createJob({})).name, 30);
    await page.goto(`${sut.url}/jobs/${job.name}`);
    await page.waitForSelector('button.danger');
    const asked = dialogs.messages.length;
    await page.click('button.danger');
    await page.waitForFunction(() => location.pathname === '/jobs', { timeout: 10_000 });
    expect(dialogs.messages.slice(asked)).toEqual([`Delete job ${job.name}?`]);
    await page.waitForSelector('table[aria-label=Jobs]');
    expect(await page.$(`tr[data-job="${job.name}"]`)).toBeNull();
    await page.screenshot({ path: join(SCREENSHOTS, 'jobs.png') });
    await expect(api.getJob(job.name)).rejects.toMatchObject({ status: 404 });
  });

  it('restarts and copies a finished job from its page, each once confirmed; a dismissed dialog does nothing', async () => {
    const job = await api.waitForJob((await api.createJob({ payload: 'copy me', variables: { SIM_LOG: 'ran\n' } })).name, 30);
    await visit(`/jobs/${job.name}`);
    await statusShown('Succeeded');
    const [asked, changed] = [dialogs.messages.length, changes.length];
    await act('Delete', 'dismiss');
    await act('Restart', 'dismiss');
    await act('Restart', 'accept');
    await page.waitForFunction(() => document.querySelector('[role=status]')?.textContent === 'Restart: done', { timeout: 10_000 });
    await statusShown('Succeeded');
    expect((await api.getJob(job.name)).restarts).toBe(1);
    await act('Copy', 'accept');
    await page.waitForFunction(
      (original) => /^\/jobs\/[^/]+$/.test(location.pathname) && location.pathname !== `/jobs/${original}`,
      { timeout: 10_000 },
      job.name,
    );
    const copy = decodeURIComponent((await page.evaluate(() => location.pathname)).slice('/jobs/'.length));
    await page.waitForFunction(() => document.querySelector('pre.payload')?.textContent === 'copy me', { timeout: 10_000 });
    expect(await api.payload(copy)).toBe('copy me');
    expect(dialogs.messages.slice(asked)).toEqual([
      `Delete job ${job.name}?`,
      `Restart job ${job.name}?`,
      `Restart job ${job.name}?`,
      `Copy job ${job.name}?`,
    ]);
    expect(changes.slice(changed)).toEqual([`POST /api/v1/jobs/${job.name}/restart`, `POST /api/v1/jobs/${job.name}/copy`]);
  });

  it('shows what the API refused, in its words', async () => {
    await page.goto(`${sut.url}/jobs/new`);
    await page.type('#variables', 'RADIX_APP=mine\n');
    await page.click('button[type=submit]');
    await page.waitForSelector('form [role=alert]');
    expect(await page.$eval('form [role=alert]', (el) => el.textContent)).toMatch(
      /^variables must be an object of environment variables.*RADIX_ \(reserved\).*\(422 Invalid\)$/,
    );
    // The browser reports the 422 it was answered; that one is expected.
    errors.splice(0, errors.length, ...errors.filter((error) => !/status of 422/.test(error)));
  });

  it('starts a batch and shows its jobs and its status', async () => {
    await page.goto(`${sut.url}/batches/new`);
    await page.type('#batch-id', 'console-batch');
    await page.type('#payloads', 'first\nsecond\n');
    await page.click('button[type=submit]');
    await page.waitForFunction(() => location.pathname.startsWith('/batches/batch-'), { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Jobs of the batch"] tbody tr').length === 2, {
      timeout: 10_000,
    });
    await page.waitForFunction(() => document.querySelector('p[aria-live] .status')?.textContent === 'Completed', { timeout: 30_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'batch.png') });
  });

  it('counts jobs by status and lists the latest failures with their reasons', async () => {
    await api.waitForJob((await api.createJob({ variables: { SIM_EXIT_CODE: '3' } })).name, 30);
    await page.goto(`${sut.url}/`);
    await page.waitForFunction(
      () => document.querySelector('[data-count=Failed]')?.textContent !== '…' && document.querySelectorAll('table tbody tr').length > 0,
      { timeout: 10_000 },
    );
    const failures = await page.$$eval('table tbody tr td:nth-child(3)', (cells) => cells.map((cell) => cell.textContent));
    expect(failures).toEqual(expect.arrayContaining(['BackoffLimitExceeded', 'Stopped']));
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png') });
  });

  it("keeps the overview's counts from the events, without listing the jobs again", async () => {
    const lists: string[] = [];
    const listed = (request: { url(): string }) => new URL(request.url()).pathname === '/api/v1/jobs' && lists.push(request.url());
    await visit('/');
    await page.waitForFunction(() => document.querySelector('[data-count=Succeeded]')?.textContent !== '…', { timeout: 10_000 });
    const succeeded = Number(await page.$eval('[data-count=Succeeded]', (el) => el.textContent));
    page.on('request', listed);
    try {
      await api.waitForJob((await api.createJob({})).name, 30);
      await page.waitForFunction(
        (want) => document.querySelector('[data-count=Succeeded]')?.textContent === want,
        { timeout: 10_000 },
        String(succeeded + 1),
      );
    } finally {
      page.off('request', listed);
    }
    expect(lists).toEqual([]);
  });

  it('filters the job list, and serves itself for any path outside the API', async () => {
    await page.goto(`${sut.url}/jobs?status=Failed`);
    await page.waitForSelector('table[aria-label=Jobs] tbody tr');
    const statuses = await page.$$eval('table[aria-label=Jobs] tbody tr .status', (cells) => cells.map((cell) => cell.textContent));
    expect(new Set(statuses)).toEqual(new Set(['Failed']));
    await page.goto(`${sut.url}/no/such/page`);
    expect(await page.$eval('h1', (el) => el.textContent)).toBe('Not found');
    const api404 = await fetch(`${sut.url}/api/v1/nothing`);
    expect([api404.status, (await api404.json()).reason]).toEqual([404, 'NotFound']);
  });

  it('says "Not found" for a job or batch path that is no valid percent-encoding', async () => {
    for (const path of ['/jobs/%', '/batches/%ZZ']) {
      await page.goto(`${sut.url}${path}`);
      expect([path, await page.$eval('h1', (el) => el.textContent)]).toEqual([path, 'Not found']);
    }
  });

  it('keeps the job list to its filters as jobs start, end and come', async () => {
    await visit('/jobs?status=Running');
    await page.waitForFunction(
      () => document.querySelector('table[aria-label=Jobs]') || document.querySelector('main p')?.textContent === 'No jobs match.',
      { timeout: 10_000 },
    );
    await watchRows(page);
    const job = await api.createJob({ variables: { SIM_RUN_SECONDS: '2' } });
    await page.waitForSelector(`tr[data-job="${job.name}"]`, { timeout: 10_000 });
    expect((await api.waitForJob(job.name, 30)).status).toBe('Succeeded');
    await page.waitForFunction(
      (name) => document.querySelector(`tr[data-job="${name}"] .status`)?.textContent !== 'Running',
      { timeout: 10_000 },
      job.name,
    );
    // It joined once Running and left when it ended: never shown Waiting or Succeeded.
    expect(await rowsSeen(page, job.name)).toEqual(['Running', 'gone']);

    await visit('/jobs?jobId=wanted');
    await page.waitForFunction(
      () => document.querySelector('table[aria-label=Jobs]') || document.querySelector('main p')?.textContent === 'No jobs match.',
      { timeout: 10_000 },
    );
    await watchRows(page);
    const other = await api.createJob({ jobId: 'unwanted' });
    const wanted = await api.createJob({ jobId: 'wanted' });
    await page.waitForSelector(`tr[data-job="${wanted.name}"]`, { timeout: 10_000 });
    expect(await rowsSeen(page, other.name)).toEqual([]);
  });

  it('links no Schedules view when the job definition has no schedules', async () => {
    const listed = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/schedules', { timeout: 10_000 });
    await page.goto(`${sut.url}/`);
    expect(await (await listed).json()).toEqual([]);
    // A frame after the answer: a link it brought would be in the page by then.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    expect(await page.$$eval('nav[aria-label=Views] a', (links) => links.map((link) => link.textContent))).not.toContain('Schedules');
  });

  it('goes through the views with the keyboard alone', async () => {
    await page.goto(`${sut.url}/`);
    await page.waitForSelector('nav a');
    const reached: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.textContent ?? ''));
    }
    expect(reached).toEqual(expect.arrayContaining(['Skip to the content', 'Jobs', 'Batches', 'New job']));
    while ((await page.evaluate(() => document.activeElement?.textContent)) !== 'New job') await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#payload');
    expect(await page.evaluate(() => location.pathname)).toBe('/jobs/new');
  });
});

describe('the console of a scheduler with a token', () => {
  const harness = new LocalHarness();
  let sut: RunningScheduler;
  let api: SchedulerClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await harness.setUp();
    const config = harness.config();
    sut = await startScheduler({ ...config, http: { ...config.http, apiToken: 'console-s3cret' } });
    api = new SchedulerClient({ baseUrl: sut.url, token: 'console-s3cret' });
    browser = await launchBrowser();
    ({ page, errors } = await watchedPage(browser));
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    await harness.tearDown();
  });

  /** The browser reports each 401 it was answered; those are what these tests make happen. */
  const forgetRefusals = () => errors.splice(0, errors.length, ...errors.filter((error) => !/status of 401/.test(error)));

  const signIn = async (token: string) => {
    await page.waitForSelector('#token');
    await page.$eval('#token', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('#token', token);
    await page.click('button[type=submit]');
  };

  it("asks for the token, refuses a wrong one with the API's words, and signs in with the right one", async () => {
    await page.goto(`${sut.url}/`);
    await signIn('wrong');
    await page.waitForSelector('[role=alert]');
    expect(await page.$eval('[role=alert]', (el) => el.textContent)).toMatch(/missing or wrong bearer token.*401/);
    await signIn('console-s3cret');
    await page.waitForSelector('[data-count=Waiting]');
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in.png') });
    forgetRefusals();
  });

  it('shows the token in the curl preview as $TOKEN, which the shell fills in, never as itself', async () => {
    await page.goto(`${sut.url}/jobs/new`);
    await page.waitForSelector('#payload');
    await page.type('#payload', "it's");
    const curl = await page.$eval('pre.curl', (el) => el.textContent);
    expect(curl).not.toContain('console-s3cret');
    // The preview run by a shell whose curl only prints the arguments it was given, one a line.
    const args = execFileSync('sh', ['-c', `curl() { printf '%s\\n' "$@"; }; ${curl}`], {
      env: { PATH: process.env.PATH, TOKEN: 'console-s3cret' },
      encoding: 'utf8',
    });
    expect(args.split('\n')).toEqual([
      '-s',
      '-X',
      'POST',
      `${sut.url}/api/v1/jobs`,
      '-H',
      'Authorization: Bearer console-s3cret',
      '-H',
      'Content-Type: application/json',
      '-d',
      '{"payload":"it\'s"}',
      '',
    ]);
  });

  it('asks for the token again once the scheduler refuses the one kept, and follows events again after', async () => {
    await page.evaluate(() => sessionStorage.setItem('job-scheduler-token', 'revoked'));
    await page.goto(`${sut.url}/jobs`);
    await page.waitForSelector('#token');
    expect(await page.$eval('main [role=status]', (el) => el.textContent)).toMatch(/no longer accepts the token/);
    expect(await page.evaluate(() => sessionStorage.getItem('job-scheduler-token'))).toBeNull();
    await Promise.all([eventStream(page), signIn('console-s3cret')]);
    const job = await api.createJob({});
    await page.waitForSelector(`tr[data-job="${job.name}"]`, { timeout: 10_000 });
    forgetRefusals();
  });
});

/**
 * The Schedules view, against a definition with two schedules under Forbid: one fires every
 * 2 s and its first run lasts ten minutes, so each later firing is skipped and told on the
 * stream; the nightly one runs only when asked to.
 */
describe('the console of a job definition with schedules', () => {
  const [NIGHTLY, EVERY_2S] = ['0 3 * * *', '@every 2s'];
  const READER_ZONE = 'America/New_York';
  const harness = new LocalHarness();
  let sut: RunningScheduler;
  let api: SchedulerClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let dialogs: ReturnType<typeof answerDialogs>;
  let changes: string[];
  let ids: { nightly: string; every: string };

  beforeAll(async () => {
    await harness.setUp();
    sut = await startScheduler(
      harness.config({
        job: {
          ports: [],
          cron: { timeZone: 'Europe/Oslo', schedules: [NIGHTLY, EVERY_2S], concurrency: 'Forbid' },
          variables: { SIM_RUN_SECONDS: '600' },
        },
      }),
    );
    api = new SchedulerClient({ baseUrl: sut.url });
    const [nightly, every] = await api.listSchedules();
    ids = { nightly: nightly.id, every: every.id };
    // From its first run on, every firing of @every 2s is skipped and Run now refused.
    await eventually(
      () => api.listJobs(),
      (page) => page.items.some((job) => job.cronSchedule === EVERY_2S),
      'the first run of @every 2s',
    );
    browser = await launchBrowser();
    ({ page, errors } = await watchedPage(browser));
    // A reader in a zone that is neither UTC nor the schedules' own.
    await page.emulateTimezone(READER_ZONE);
    dialogs = answerDialogs(page);
    changes = changesAsked(page);
  });

  afterEach(async () => {
    expect(errors).toEqual([]);
    expect(await unlabelled(page)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    // No firing after the suite, and no run left to outlive it.
    for (const schedule of (await api?.listSchedules()) ?? []) await api.pauseSchedule(schedule.id);
    for (const job of (await api?.listJobs())?.items ?? [])
      if (job.status === 'Waiting' || job.status === 'Running') await api.stopJob(job.name);
    await sut?.close();
    await harness.tearDown();
  });

  const card = (id: string) => `article[data-schedule="${id}"]`;
  const textOf = (selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
  const shown = (selector: string, want: RegExp) =>
    page.waitForFunction(
      (sel, source) => new RegExp(source).test(document.querySelector(sel)?.textContent ?? ''),
      { timeout: 30_000 },
      selector,
      want.source,
    );
  /** Clicks a button of a schedule and waits for the dialog that asks to confirm it. */
  const act = async (id: string, action: string, answer: 'accept' | 'dismiss') => {
    const asked = dialogs.messages.length;
    dialogs.answer = answer;
    await page.click(`${card(id)} .actions button::-p-text(${action})`);
    await eventually(
      async () => dialogs.messages.length,
      (count) => count > asked,
      `the dialog of ${action}`,
    );
  };

  it('links the Schedules view from the navigation, reached with the keyboard, and lists each schedule', async () => {
    // The overview opens the event stream; the view it leads to keeps it.
    await Promise.all([eventStream(page), page.goto(`${sut.url}/`)]);
    await page.waitForSelector('nav a[href="/schedules"]');
    for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Schedules'; i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector(card(ids.every));
    expect(await page.evaluate(() => location.pathname)).toBe('/schedules');
    expect(await page.$$eval('article h2', (headings) => headings.map((h) => h.textContent))).toEqual([NIGHTLY, EVERY_2S]);
    const nightly = await textOf(card(ids.nightly));
    expect(nightly).toContain('Europe/Oslo');
    expect(nightly).toContain('Forbid: while a run is unfinished, a firing is skipped and Run now refused');
    // 03:00 in Oslo is 02:00 UTC in winter, 01:00 in summer; shown in the reader's zone, then in UTC.
    const { nextRun } = (await api.listSchedules())[0];
    expect(nextRun).toMatch(/T0[12]:00:00Z$/);
    const local = await page.evaluate((at, zone) => new Date(at).toLocaleString(undefined, { timeZone: zone }), nextRun!, READER_ZONE);
    expect(await textOf(`${card(ids.nightly)} [data-next-run]`)).toBe(`${local} (${nextRun!.slice(0, 19).replace('T', ' ')} UTC)`);
    expect(await textOf(`${card(ids.nightly)} [aria-live] .status`)).toBe('Active');
  });

  it('shows the runs of a schedule, and the firings that started none as they come', async () => {
    const [run] = (await api.listJobs()).items.filter((job) => job.cronSchedule === EVERY_2S);
    await page.waitForSelector(`${card(ids.every)} tr[data-job="${run.name}"]`, { timeout: 10_000 });
    await shown(`${card(ids.every)} .firings li`, new RegExp(`skipped, Forbid: 1 run\\(s\\) unfinished, first ${run.name}$`));
    await shown(`${card(ids.every)} [data-last-run]`, /Skipped/);
  });

  it('pauses and resumes a schedule, each once confirmed; a dismissed dialog does nothing', async () => {
    const [asked, changed] = [dialogs.messages.length, changes.length];
    await act(ids.nightly, 'Pause', 'dismiss');
    await act(ids.nightly, 'Pause', 'accept');
    await shown(`${card(ids.nightly)} [aria-live] .status`, /^Paused$/);
    expect(await textOf(`${card(ids.nightly)} [data-next-run]`)).toBe('none while paused');
    expect((await api.listSchedules())[0].paused).toBe(true);
    await act(ids.nightly, 'Resume', 'accept');
    await shown(`${card(ids.nightly)} [aria-live] .status`, /^Active$/);
    expect(await textOf(`${card(ids.nightly)} [data-next-run]`)).toMatch(/UTC\)$/);
    expect(dialogs.messages.slice(asked)).toEqual([
      `Pause schedule ${NIGHTLY}?`,
      `Pause schedule ${NIGHTLY}?`,
      `Resume schedule ${NIGHTLY}?`,
    ]);
    expect(changes.slice(changed)).toEqual([`POST /api/v1/schedules/${ids.nightly}/pause`, `POST /api/v1/schedules/${ids.nightly}/resume`]);
  });

  it("shows the API's refusal of a run now in its words, and starts one that appears once nothing is unfinished", async () => {
    await act(ids.nightly, 'Run now', 'accept');
    await page.waitForSelector(`${card(ids.nightly)} [role=alert]`);
    expect(await textOf(`${card(ids.nightly)} [role=alert]`)).toMatch(/forbids concurrent runs.*unfinished.*\(409 Conflict\)$/);
    // The browser reports the 409 it was answered; that one is expected.
    errors.splice(0, errors.length, ...errors.filter((error) => !/status of 409/.test(error)));

    await api.pauseSchedule(ids.every);
    const [run] = (await api.listJobs()).items.filter((job) => job.cronSchedule === EVERY_2S && job.status === 'Running');
    await api.stopJob(run.name);
    await shown(`${card(ids.every)} tr[data-job="${run.name}"] .status`, /^Stopped$/);
    await shown(`${card(ids.every)} [aria-live] .status`, /^Paused$/);

    await act(ids.nightly, 'Run now', 'accept');
    await page.waitForSelector(`${card(ids.nightly)} [role=status] a`);
    const started = await textOf(`${card(ids.nightly)} [role=status] a`);
    await shown(`${card(ids.nightly)} tr[data-job="${started}"] .status`, /^(Waiting|Running)$/);
    expect(await page.$(`${card(ids.nightly)} [role=alert]`)).toBeNull();
    expect(await api.getJob(started)).toMatchObject({ cronSchedule: NIGHTLY });
    await shown(`${card(ids.nightly)} [data-last-run]`, new RegExp(`Started · ${started}`));
    await page.screenshot({ path: join(SCREENSHOTS, 'schedules.png'), fullPage: true });
  });

  it("shows a run's schedule and the time it was scheduled for on its page", async () => {
    const run = (await api.listSchedules())[0].lastRun!;
    await page.click(`${card(ids.nightly)} tr[data-job="${run.jobName}"] a`);
    await page.waitForSelector('[data-cron-schedule]');
    expect(await textOf('[data-cron-schedule]')).toBe(NIGHTLY);
    const utc = `${run.scheduledTime.slice(0, 19).replace('T', ' ')} UTC`;
    expect(await textOf('[data-scheduled-time]')).toContain(`(${utc})`);
  });
});

/**
 * The queue in the console, against a definition that runs one job at a time and jobs ten
 * minutes long: the Overview's panel with its counts, live; each waiting job's place in the
 * list and on its page, moving up as jobs ahead leave; pause and resume, each confirmed; the
 * form's priority and start deadline.
 */
describe('the console of a job definition with a queue', () => {
  const harness = new LocalHarness();
  let sut: RunningScheduler;
  let api: SchedulerClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let dialogs: ReturnType<typeof answerDialogs>;
  let changes: string[];
  /** The job running, and those waiting behind it, in the order they were made. */
  let running: string;
  let waiting: string[];

  beforeAll(async () => {
    await harness.setUp();
    sut = await startScheduler({
      ...harness.config({ job: { ports: [], variables: { SIM_RUN_SECONDS: '600' } } }),
      queue: { maxConcurrentJobs: 1 },
    });
    api = new SchedulerClient({ baseUrl: sut.url });
    browser = await launchBrowser();
    ({ page, errors } = await watchedPage(browser));
    dialogs = answerDialogs(page);
    changes = changesAsked(page);
  });

  afterEach(async () => {
    expect(errors).toEqual([]);
    expect(await unlabelled(page)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    // No job left to outlive the suite.
    await api?.resumeQueue();
    for (const job of (await api?.listJobs())?.items ?? [])
      if (job.status === 'Waiting' || job.status === 'Running') await api.stopJob(job.name);
    await sut?.close();
    await harness.tearDown();
  });

  const textOf = (selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
  const shown = (selector: string, want: RegExp, timeout = 10_000) =>
    page.waitForFunction(
      (sel, source) => new RegExp(source).test(document.querySelector(sel)?.textContent ?? ''),
      { timeout },
      selector,
      want.source,
    );
  const visit = async (path: string) => {
    await Promise.all([eventStream(page), page.goto(`${sut.url}${path}`)]);
  };
  const placeIn = (name: string) => `tr[data-job="${name}"] .queue-place`;
  /** Clicks the queue's button and waits for the dialog that asks to confirm it. */
  const act = async (action: string, answer: 'accept' | 'dismiss') => {
    const asked = dialogs.messages.length;
    dialogs.answer = answer;
    await page.click(`[data-queue] .actions button::-p-text(${action})`);
    await eventually(
      async () => dialogs.messages.length,
      (count) => count > asked,
      `the dialog of ${action}`,
    );
  };

  it('shows the queue on the overview: active, the cap, running and queued jobs and the oldest wait, live as jobs come', async () => {
    running = (await api.createJob({})).name;
    waiting = [(await api.createJob({})).name, (await api.createJob({})).name];
    await visit('/');
    await shown('[data-queue-queued]', /^2 · the waiting jobs$/);
    expect(await textOf('[data-queue] [aria-live] .status')).toBe('Active');
    expect(await textOf('[data-queue-cap]')).toBe('1 job running at once');
    expect(await textOf('[data-queue-running]')).toBe('1');
    const oldest = await textOf('[data-queue-oldest]');
    expect(oldest).toMatch(/^\d+ s$/);
    waiting.push((await api.createJob({})).name);
    // Sooner than the panel's poll: the job's event asked for the queue again.
    await shown('[data-queue-queued]', /^3 · /, 5_000);
    // The oldest wait goes on growing between answers.
    await shown('[data-queue-oldest]', new RegExp(`^(?!${oldest}$)\\d+ s$`), 5_000);
  });

  it('shows each waiting job its place and why, in the list and on its page, moving up as jobs ahead leave', async () => {
    await page.click('[data-queue-queued] a');
    await page.waitForSelector(placeIn(waiting[2]));
    expect(await page.evaluate(() => location.search)).toBe('?status=Waiting');
    const places = await Promise.all(waiting.map((name) => textOf(placeIn(name))));
    expect(places).toEqual(['1st in queue: capacity', '2nd in queue: capacity', '3rd in queue: capacity']);
    expect(await page.$(`tr[data-job="${running}"]`)).toBeNull();

    await api.stopJob(waiting[0]);
    await shown(placeIn(waiting[2]), /^2nd in queue: capacity$/);
    expect(await textOf(placeIn(waiting[1]))).toBe('1st in queue: capacity');

    await visit(`/jobs/${waiting[2]}`);
    await shown('p[aria-live] .queue-place', /^2nd in queue: capacity$/);
    expect(await textOf('p[aria-live] .status')).toBe('Waiting');
    // The running job ends; the first in the queue is admitted, and this one moves up.
    await api.stopJob(running);
    await shown('p[aria-live] .queue-place', /^1st in queue: capacity$/);
    expect((await api.getJob(waiting[1])).status).not.toBe('Waiting');
  });

  it('pauses and resumes the queue from the overview, each once confirmed; a dismissed dialog does nothing', async () => {
    await visit('/');
    await page.waitForSelector('[data-queue] .actions button');
    const [asked, changed] = [dialogs.messages.length, changes.length];
    await act('Pause', 'dismiss');
    await act('Pause', 'accept');
    await shown('[data-queue] [aria-live]', /^State: Paused · no job is admitted until it is resumed; running jobs go on$/);
    expect((await api.queue()).paused).toBe(true);
    expect((await api.getJob(waiting[2])).queue).toEqual({ position: 1, reason: 'Paused' });
    await page.waitForFunction(() => document.querySelector('[data-count=Stopped]')?.textContent === '2', { timeout: 10_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'queue.png'), fullPage: true });

    await act('Resume', 'accept');
    await shown('[data-queue] [aria-live] .status', /^Active$/);
    expect((await api.queue()).paused).toBe(false);
    const pause = 'Pause the queue? No job is admitted until it is resumed; running jobs go on.';
    expect(dialogs.messages.slice(asked)).toEqual([pause, pause, 'Resume the queue? Waiting jobs are admitted again, in their order.']);
    expect(changes.slice(changed)).toEqual(['POST /api/v1/queue/pause', 'POST /api/v1/queue/resume']);
  });

  it('shows a pause the API refused in its words, and the state as it was', async () => {
    await page.setRequestInterception(true);
    // No real failure is at hand (the state store is a file the tests' user can always write): the answer is made here.
    const refusal = {
      kind: 'Status',
      status: 'Failure',
      code: 503,
      reason: 'ServiceUnavailable',
      message: 'the state store cannot be written',
    };
    const refuse = (request: HTTPRequest) =>
      void (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/queue/pause'
        ? request.respond({ status: 503, contentType: 'application/json', body: JSON.stringify(refusal) })
        : request.continue());
    page.on('request', refuse);
    try {
      await act('Pause', 'accept');
      await page.waitForSelector('[data-queue] [role=alert]');
    } finally {
      page.off('request', refuse);
      await page.setRequestInterception(false);
    }
    expect(await textOf('[data-queue] [role=alert]')).toBe('the state store cannot be written (503 ServiceUnavailable)');
    expect(await textOf('[data-queue] [aria-live] .status')).toBe('Active');
    // The browser reports the 503 it was answered; that one is expected.
    errors.splice(0, errors.length, ...errors.filter((error) => !/status of 503/.test(error)));
  });

  it('starts a job with a priority and a start deadline from the form: it goes ahead of those waiting', async () => {
    await page.goto(`${sut.url}/jobs/new`);
    await page.type('#priority', '5');
    await page.type('#start-deadline', '3600');
    expect(await textOf('pre.curl')).toContain(`'{"priority":5,"startDeadlineSeconds":3600}'`);
    await Promise.all([eventStream(page), page.click('button[type=submit]')]);
    await shown('p[aria-live] .queue-place', /^1st in queue: capacity$/);
    expect((await api.getJob(waiting[2])).queue).toEqual({ position: 2, reason: 'Capacity' });
  });
});
