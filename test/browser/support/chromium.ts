// Debian's chromium (installed by the project's setup: `apt-get install -y chromium`),
// driven by playwright-core: no browser download. The flags keep it off the
// network it would reach by itself (this machine refuses those connections);
// playwright gives each launch a new empty profile (its own --user-data-dir).
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface HeadlessChromium {
  browser: Browser;
  /** A fresh context (its own session storage: one person each). */
  context: (options?: { locale?: string }) => Promise<BrowserContext>;
  close: () => Promise<void>;
}

export async function launchChromium(): Promise<HeadlessChromium> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    context: (options = {}) =>
      browser.newContext({
        locale: options.locale ?? 'en-GB',
        timezoneId: 'Europe/Athens',
        viewport: { width: 1280, height: 900 },
      }),
    close: () => browser.close(),
  };
}
