import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * @sparticuz/chromium's defaults turn the same-origin policy off (it is made for scraping);
 * a user's browser has it on, so these tests do too.
 */
const LAX = /^--(disable-web-security|allow-running-insecure-content|disable-site-isolation-trials|disable-features=)/;

/** A real headless Chromium, shipped inside the npm package (no download site needed). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const args = [...chromium.args.filter((arg) => !LAX.test(arg)), ...extraArgs];
  return puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args,
    headless: true,
    defaultViewport: { width: 1280, height: 800 },
  });
}

/** A page whose console errors and uncaught exceptions are collected, so that a test can fail on them; dialogs are accepted. */
export async function watchedPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('dialog', (dialog) => void dialog.accept());
  return { page, errors };
}
