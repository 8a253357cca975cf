// In a real VS Code (code-server + Chromium), through the UI only: "Ringscope: Check Host" shows every
// check in its output channel and a summary notification; "Ringscope: Build BPF Program" on a file with
// a C error puts clang's error and warning in the Problems panel at clang's line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageVsix, startCodeServer, type CodeServer } from './support/codeServer';
import { openFile, openWorkbench, runCommand, waitForNotification, waitForProblem, type Workbench } from './support/workbench';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();

void test('Check Host and Build BPF Program in a real VS Code', { timeout: 5 * 60_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'rs-e2e-host-'));
  // after the `finally` below has stopped code-server, which works in this folder
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const folder = join(work, 'ws');
  mkdirSync(folder);
  copyFileSync(join(root, 'test', 'fixtures', 'build', 'broken.bpf.c'), join(folder, 'broken.bpf.c'));
  const vsix = packageVsix(root, work);
  let cs: CodeServer | undefined;
  let wb: Workbench | undefined;
  try {
    cs = await startCodeServer({ root, folder, vsix });
    wb = await openWorkbench(cs.url);
    const page = wb.page;

    await t.test('Check Host: a summary notification and every check in the output channel', async () => {
      await runCommand(page, 'Ringscope: Check Host');
      const note = await waitForNotification(page, 'Ringscope host check');
      assert.match(note, /Ringscope host check: 12 passed, 0 warnings, 0 failed\./);
      const output = page.locator('.output-view, .panel .monaco-editor', { hasText: '[PASS] Kernel: BPF ring buffer (5.8+)' }).first();
      await output.waitFor({ timeout: 30_000 });
      // Monaco renders spaces as no-break spaces.
      const text = (await output.innerText()).replace(/\u00a0/g, ' ');
      assert.match(text, /\[PASS\] clang with the BPF target: clang 14\.0\.6 with the bpf target\./);
    });

    await t.test('Build BPF Program: clang diagnostics in the Problems panel', async () => {
      await openFile(page, 'broken.bpf.c');
      await runCommand(page, 'Ringscope: Build BPF Program');
      const failed = await waitForNotification(page, 'failed with');
      assert.match(failed, /Building broken\.bpf\.c failed with 1 error\. \[RS-BUILD-011\]/);
      const error = await waitForProblem(page, "use of undeclared identifier 'pid_of_task'");
      assert.match(error, /\[Ln 21, Col 7\]/);
      const warning = await waitForProblem(page, 'equality comparison result unused');
      assert.match(warning, /\[Ln 20, Col 4\]/);
    });
  } finally {
    await wb?.close();
    await cs?.stop();
  }
});
