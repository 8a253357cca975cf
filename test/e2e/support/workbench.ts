// Test harness: drives the code-server workbench in Debian's Chromium (playwright-core, headless) as a
// user would: the command palette, quick inputs, the Problems panel, and the records webview's frame.
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Workbench {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

export async function openWorkbench(url: string): Promise<Workbench> {
  const profile = mkdtempSync(join(tmpdir(), 'rs-e2e-chromium-'));
  // A fresh profile per run (playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: FLAGS,
    headless: true,
    viewport: { width: 1600, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return {
    context,
    page,
    close: async () => {
      await context.close();
      // only once Chromium, which writes the profile until it quits, has closed
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Runs a command through the palette by its full title, e.g. 'Ringscope: Run on This Machine'. */
export async function runCommand(page: Page, title: string, timeout = 90_000): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + timeout;
  // Contributed commands appear once the extension host has read the extensions: retry until then.
  while (Date.now() < deadline) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(`>${title}`);
      await row.waitFor({ timeout: 5_000 });
      await row.click();
      return;
    } catch {
      // not there yet
    }
  }
  throw new Error(`command ${JSON.stringify(title)} not found in the palette`);
}

/** Picks an entry of the open quick pick by its label text. */
export async function pickQuickItem(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 20_000 });
  await row.click();
}

/** The visible quick input's text box (input boxes, the simple file dialog). */
export function quickInput(page: Page) {
  return page.locator('.quick-input-widget input');
}

/** Waits for a notification toast whose text contains `text`; returns its full text. */
export async function waitForNotification(page: Page, text: string, timeout = 60_000): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout });
  return (await toast.innerText()).trim();
}

/** Opens the Problems panel and waits for a marker row containing `text`; returns the row's text. */
export async function waitForProblem(page: Page, text: string, timeout = 60_000): Promise<string> {
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: text }).first();
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (!(await page.locator('.markers-panel').isVisible())) {
      await page.keyboard.press('Control+Shift+M');
    }
    try {
      await row.waitFor({ timeout: 3_000 });
      return (await row.innerText()).trim();
    } catch {
      // Problems are published after analysis; keep the panel open and look again.
    }
  }
  throw new Error(`no problem containing ${JSON.stringify(text)} in the Problems panel`);
}

/** The records webview's inner frame (the one that loaded webview.js; `accept` may refuse some), waiting until it exists. */
export async function recordsFrame(page: Page, timeout = 60_000, accept?: (f: Frame) => Promise<boolean>): Promise<Frame> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      try {
        if ((await f.locator('.rs-root').count()) > 0 && (accept === undefined || (await accept(f)))) return f;
      } catch {
        // Frames come and go while webviews load.
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the records panel did not appear');
}

/** Focuses the editor of a file by opening it through Quick Open. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[aria-label*="${name}"]`).first().waitFor({ timeout: 20_000 });
}

/** Moves the cursor of the active editor to a 1-based line (Go to Line). */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
}
