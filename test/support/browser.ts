/**
 * A real browser for the tests and benches that look at a page: Debian's Chromium (`apt-get install
 * chromium`, which `.ci/run` does on a fresh machine) driven by playwright-core, headless, with the
 * flags that keep it from reaching the network on its own. `npx playwright install` cannot work on
 * these machines (its download hosts are out of reach); the system package is the browser.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** Launches Chromium; a missing browser is an error that says how to install it (never a skipped test). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no browser at ${CHROMIUM}: install Debian's chromium (as root: apt-get install -y chromium), or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS] });
}
