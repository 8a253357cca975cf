// End to end in a real VS Code (code-server + Debian's Chromium), acting through the UI only: scaffold a
// template from the command palette, see the linter's leak diagnostic, build, run on this machine, see an
// exec record whose file name is an HTML/JS payload shown as text (nothing executed), stats move, stop,
// replay, export to CSV and JSONL, 100k rows, a hidden panel re-shown with a full snapshot, a verifier
// rejection on the right C line, and a run on an SSH host in a network namespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { startSshHost, type SshHost } from '../integration/support/sshHost';
import { packageVsix, startCodeServer, type CodeServer } from './support/codeServer';
import {
  goToLine,
  openWorkbench,
  pickQuickItem,
  quickInput,
  recordsFrame,
  runCommand,
  waitForNotification,
  waitForProblem,
  type Workbench,
} from './support/workbench';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const shots = join(root, 'docs', 'screenshots');
/** The exec'd file's name: a payload that would run if any record string were parsed as HTML. */
const PAYLOAD = '<img src=x onerror=document.body.dataset.pwned=1>';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, name) });
}

/** Pids of the payload processes this test exec'd: a payload record must carry one of them. */
const payloadPids = new Set<string>();

/** Runs `file` so the sched_process_exec tracepoint fires with its path as filename. */
function execFile(file: string): void {
  const r = spawnSync(file, [PAYLOAD], { stdio: 'ignore' });
  assert.equal(r.error, undefined, `exec ${file}`);
  payloadPids.add(String(r.pid));
}

/**
 * Execs the payload until its record is in the table, filtered on the file name so that other execs
 * on this busy machine cannot push it out of the virtual window (the first exec may precede attach).
 */
async function payloadCell(frame: Frame, payloadFile: string): Promise<Locator> {
  await frame.locator('#rs-follow').check();
  const filter = frame.locator('.rs-filter[data-col="filename"]');
  for (let i = 0; i < 20 && (await filter.count()) === 0; i++) {
    execFile(payloadFile);
    await filter.waitFor({ timeout: 1_000 }).catch(() => undefined);
  }
  await filter.fill('onerror=');
  const cell = frame.locator('.rs-cell[data-col="filename"]', { hasText: PAYLOAD }).first();
  for (let i = 0; i < 20 && (await cell.count()) === 0; i++) {
    execFile(payloadFile);
    await cell.waitFor({ timeout: 1_000 }).catch(() => undefined);
  }
  return cell;
}

/** Polls a condition on the file system (saves land asynchronously); bounded. */
async function until(cond: () => boolean, what: string, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Answers VS Code's simple file dialog (open or save) with a full path. */
async function fillFileDialog(page: Page, path: string): Promise<void> {
  // It opens pre-filled with a folder path and may still refresh that value: type until the path sticks.
  await page.waitForFunction(() => {
    const i = document.querySelector<HTMLInputElement>('.quick-input-widget input');
    return i !== null && i.offsetParent !== null && i.value.startsWith('/');
  });
  for (let i = 0; i < 20 && (await quickInput(page).inputValue()) !== path; i++) {
    await quickInput(page).fill(path);
    await page.waitForTimeout(250);
  }
  await page.keyboard.press('Enter');
}

/** Back to the editor: closes any quick input or dialog a failed step left open. */
async function focusEditor(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.locator('.tab', { hasText: 'execsnoop.bpf.c' }).first().click();
}

void test('the editor experience in a real VS Code', { timeout: 6 * 60_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'rs-e2e-'));
  // Removed when the run passed; kept with its last.png (taken below) when a step failed, which does not
  // throw here but sets the exit code.
  process.on('exit', (code) => {
    if (code === 0) rmSync(work, { recursive: true, force: true });
    else console.error(`the failed run's folder (last.png) is kept: ${work}`);
  });
  const folder = join(work, 'ws');
  mkdirSync(folder);
  const vsix = packageVsix(root, work);
  const recordFile = join(work, 'records.jsonl');
  let cs: CodeServer | undefined;
  let wb: Workbench | undefined;
  let ssh: SshHost | undefined;
  let sshProblem = '';
  try {
    ssh = await startSshHost();
  } catch (e) {
    sshProblem = e instanceof Error ? e.message : String(e);
  }
  try {
    cs = await startCodeServer({
      root,
      folder,
      vsix,
      settings: {
        'ringscope.privilegeMode': 'none',
        'ringscope.recordFile': recordFile,
        ...(ssh ? { 'ringscope.sshConfigFile': ssh.configFile } : {}),
      },
    });
    wb = await openWorkbench(cs.url);
    const page = wb.page;
    const source = join(folder, 'execsnoop.bpf.c');

    await t.test('scaffold a template from the command palette', async () => {
      await runCommand(page, 'Ringscope: New Ring Buffer Program');
      await pickQuickItem(page, 'Reserve and submit');
      const name = quickInput(page);
      await name.waitFor({ state: 'visible' });
      assert.equal(await name.inputValue(), 'execsnoop');
      await page.keyboard.press('Enter');
      // The folder dialog (VS Code's own simple dialog in the browser) opens on the workspace folder.
      await page.waitForFunction(() => {
        const i = document.querySelector<HTMLInputElement>('.quick-input-widget input');
        return i !== null && i.offsetParent !== null && i.value.includes('/ws');
      });
      await page.keyboard.press('Enter');
      await page.locator('.tab.active', { hasText: 'execsnoop.bpf.c' }).waitFor({ timeout: 30_000 });
      assert.ok(existsSync(source));
      assert.ok(existsSync(join(folder, 'execsnoop.h')));
    });

    await t.test('build from the command palette', async () => {
      await runCommand(page, 'Ringscope: Build BPF Program');
      const note = await waitForNotification(page, 'execsnoop.bpf.o');
      assert.match(note, new RegExp(`Built ${folder}/execsnoop\\.bpf\\.o\\. \\[RS-BUILD-010\\]`));
      assert.ok(existsSync(join(folder, 'execsnoop.bpf.o')));
    });

    const bin = join(work, 'bin');
    mkdirSync(bin);
    const payloadFile = join(bin, PAYLOAD);
    copyFileSync('/bin/true', payloadFile);
    chmodSync(payloadFile, 0o755);

    await t.test('run on this machine: records shown as text, nothing executed, stats move', async () => {
      await runCommand(page, 'Ringscope: Run on This Machine');
      const frame = await recordsFrame(page);
      await frame.locator('.rs-session', { hasText: 'running' }).waitFor({ timeout: 60_000 });
      const cell = await payloadCell(frame, payloadFile);
      assert.equal(await cell.innerText(), payloadFile);
      const row = cell.locator('xpath=..');
      assert.equal(await row.locator('[data-col="comm"]').innerText(), PAYLOAD.slice(0, 15));
      // Exact values: the pid of one of our execs, and this test process as its parent.
      const pid = await row.locator('[data-col="pid"]').innerText();
      assert.ok(payloadPids.has(pid), `pid ${pid} is not one of the payload's ${[...payloadPids].join(', ')}`);
      assert.equal(await row.locator('[data-col="ppid"]').innerText(), String(process.pid));
      // Nothing was parsed as markup: no <img> anywhere in the panel, and the handler never ran.
      assert.equal(await frame.locator('img').count(), 0);
      assert.equal(await frame.evaluate(() => document.body.dataset['pwned'] ?? null), null);
      // The producer position moves with more records.
      await frame.locator('#rs-stat-producer').waitFor();
      const p1 = await frame.locator('#rs-stat-producer').innerText();
      execFile(payloadFile);
      await frame.waitForFunction((old) => document.getElementById('rs-stat-producer')?.textContent !== old, p1, { timeout: 20_000 });
      const drops = await frame.locator('#rs-stat-drops').innerText();
      assert.equal(drops, '0');
      // The live CodeLens above the ring map counts the records read from it.
      const lens = page.locator('.codelens-decoration', { hasText: 'records read from rb' }).first();
      await lens.waitFor({ timeout: 20_000 });
      assert.match(await lens.innerText(), /^\S*\s*\d+ records read from rb$/);
      await frame.locator('.rs-filter[data-col="filename"]').fill('');
      await shot(page, 'records-panel.png');
    });

    await t.test('stop ends the session', async () => {
      await runCommand(page, 'Ringscope: Stop');
      const frame = await recordsFrame(page);
      await frame.locator('.rs-session', { hasText: 'stopped after' }).waitFor({ timeout: 30_000 });
      assert.equal(await page.locator('.statusbar-item', { hasText: 'execsnoop.bpf.c ·' }).count(), 0);
    });

    await t.test('the recorded stream replays into the panel without a kernel', async () => {
      await runCommand(page, 'Ringscope: Replay Record File…');
      await fillFileDialog(page, recordFile);
      const note = await waitForNotification(page, 'Replayed ', 20_000);
      const lines = readFileSync(recordFile, 'utf8').trim().split('\n');
      const header = JSON.parse(lines[0] ?? '{}') as { format?: string };
      assert.equal(header.format, 'ringscope-records');
      const records = lines.length - 1;
      assert.ok(records > 0);
      assert.match(note, new RegExp(`Replayed ${records} records of 1 ring\\(s\\) from ${recordFile}\\. \\[RS-PANEL-013\\]`));
      const frame = await recordsFrame(page);
      await frame
        .locator('#rs-count', { hasText: ` ${records} retained` })
        .waitFor({ timeout: 20_000 })
        .catch(async (e: unknown) => {
          throw new Error(`${String(e)}; the panel says: ${await frame.locator('#rs-count').innerText()}`);
        });
      // The per-column filter finds exactly the payload's records among the replayed ones.
      const payloadRecords = lines.slice(1).filter((l) => (JSON.parse(l) as { record: { fields: { filename?: string } } }).record.fields.filename === payloadFile).length;
      assert.ok(payloadRecords > 0);
      await frame.locator('.rs-filter[data-col="filename"]').fill('onerror=');
      await frame
        .locator('#rs-count', { hasText: `${payloadRecords} shown · ${records} retained` })
        .waitFor({ timeout: 10_000 })
        .catch(async (e: unknown) => {
          throw new Error(`${String(e)}; the panel says: ${await frame.locator('#rs-count').innerText()}`);
        });
      assert.equal(await frame.locator('.rs-cell[data-col="filename"]').first().innerText(), payloadFile);
      assert.equal(await frame.locator('img').count(), 0);
      // Export CSV writes the filtered rows.
      const csv = join(work, 'payload.csv');
      await frame.locator('#rs-export-csv').click();
      await fillFileDialog(page, csv);
      await waitForNotification(page, `Exported ${payloadRecords} records to ${csv}.`);
      const csvLines = readFileSync(csv, 'utf8').trimEnd().split('\r\n');
      assert.equal(csvLines[0], 'seq,type,pid,ppid,comm,filename');
      assert.equal(csvLines.length, payloadRecords + 1);
      for (const l of csvLines.slice(1)) assert.ok(l.endsWith(`,struct event,${l.split(',')[2]},${l.split(',')[3]},${PAYLOAD.slice(0, 15)},${payloadFile}`), l);
      await frame.locator('.rs-filter[data-col="filename"]').fill('');
      await frame.locator('#rs-count', { hasText: `${records} shown · ${records} retained` }).waitFor({ timeout: 10_000 });
      // Export JSONL, no filter: every retained record, one object per line, the same values as recorded.
      const jsonl = join(work, 'all.jsonl');
      await frame.locator('#rs-export-jsonl').click();
      await fillFileDialog(page, jsonl);
      await waitForNotification(page, `Exported ${records} records to ${jsonl}.`);
      const exported = readFileSync(jsonl, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(exported.length, records);
      assert.deepEqual(
        exported.map((o) => o['seq']),
        Array.from({ length: records }, (_, i) => i + 1),
      );
      const recorded = lines.slice(1).map((l) => (JSON.parse(l) as { record: { type: string; fields: Record<string, unknown> } }).record);
      for (const [i, o] of exported.entries()) {
        const r = recorded[i];
        assert.ok(r !== undefined);
        assert.deepEqual(o, { seq: i + 1, type: r.type, ...r.fields });
      }
      assert.equal(exported.filter((o) => o['filename'] === payloadFile).length, payloadRecords);
    });

    await t.test('100 000 retained rows: a virtualised table, keyboard navigation', async () => {
      // A record file of 120 000 exec records: the panel keeps the newest 100 000 (ringscope.retainedRows).
      const big = join(work, 'big.jsonl');
      const header = { format: 'ringscope-records', version: 1, object: 'big.bpf.o', started: 0, rings: ['rb'] };
      const out = [JSON.stringify(header)];
      for (let i = 0; i < 120_000; i++) {
        const record = { type: 'struct event', size: 152, fields: { pid: i, ppid: 1, comm: 'big', filename: `/bin/f${i}` } };
        out.push(JSON.stringify({ ring: 'rb', seq: i, ts: 0, record }));
      }
      writeFileSync(big, out.join('\n') + '\n');
      await runCommand(page, 'Ringscope: Replay Record File…');
      await fillFileDialog(page, big);
      await waitForNotification(page, `Replayed 120000 records of 1 ring(s) from ${big}.`, 60_000);
      const frame = await recordsFrame(page);
      await frame.locator('#rs-count', { hasText: '100000 shown · 100000 retained · 120000 received' }).waitFor({ timeout: 60_000 });
      // Only the rows in view exist in the DOM.
      assert.ok((await frame.locator('.rs-row').count()) < 100);
      // Keyboard: focus the table, Home selects the oldest retained row, End the newest.
      await frame.locator('.rs-grid').focus();
      await page.keyboard.press('Home');
      await frame.locator('.rs-selected .rs-cell[data-col="seq"]', { hasText: /^20001$/ }).waitFor({ timeout: 10_000 });
      assert.equal(await frame.locator('.rs-selected .rs-cell[data-col="pid"]').innerText(), '20000');
      await page.keyboard.press('End');
      await frame.locator('.rs-selected .rs-cell[data-col="seq"]', { hasText: /^120000$/ }).waitFor({ timeout: 10_000 });
      await page.keyboard.press('ArrowUp');
      await frame.locator('.rs-selected .rs-cell[data-col="pid"]', { hasText: /^119998$/ }).waitFor({ timeout: 10_000 });
      assert.ok((await frame.locator('.rs-row').count()) < 100);
    });

    await t.test('a hidden panel gets a full snapshot when shown again', async () => {
      // Mark the page, then hide it: open another file in the panel's editor group. Without
      // retainContextWhenHidden the webview's page is discarded, so only a snapshot can refill it.
      const before = await recordsFrame(page);
      await before.evaluate(() => (document.body.dataset['before'] = '1'));
      // By mouse: while the webview has focus, code-server does not pass Ctrl+P on to the workbench.
      await page.locator('.tab', { hasText: 'Records: rb' }).first().click();
      await page.locator('.part.sidebar .monaco-list-row', { hasText: /^\s*execsnoop\.h\s*$/ }).first().click();
      await page.locator('.tab.active', { hasText: 'Records: rb' }).waitFor({ state: 'detached', timeout: 20_000 });
      assert.equal(await page.locator('.tab', { hasText: 'Records: rb' }).count(), 1);
      await runCommand(page, 'Ringscope: Show Records');
      await page.locator('.tab.active', { hasText: 'Records: rb' }).first().waitFor({ timeout: 20_000 });
      const frame = await recordsFrame(page, 60_000, (f) => f.evaluate(() => document.body.dataset['before'] === undefined));
      await frame.locator('#rs-count', { hasText: '100000 shown · 100000 retained · 120000 received' }).waitFor({ timeout: 60_000 });
      assert.equal(await frame.locator('.rs-session').innerText(), `replay of big.bpf.o`);
      // The virtual window after the snapshot: following the tail, the newest record is in view.
      await frame.locator('.rs-cell[data-col="pid"]', { hasText: /^119999$/ }).waitFor({ timeout: 10_000 });
      assert.ok((await frame.locator('.rs-row').count()) < 100);
    });

    const text = readFileSync(source, 'utf8');
    const lines = text.split('\n');
    const submitLine = lines.findIndex((l) => l.includes('bpf_ringbuf_submit(e, 0);')) + 1;
    const leaky = lines.filter((_, i) => i !== submitLine - 1);
    // The verifier fails at the function's closing brace: the exit that leaks the reservation.
    const exitLine = leaky.lastIndexOf('}') + 1;

    await t.test('a leak shows the linter diagnostic in the Problems panel', async () => {
      await focusEditor(page);
      await goToLine(page, submitLine);
      await page.keyboard.press('Control+Shift+K');
      await page.keyboard.press('Control+S');
      await until(() => readFileSync(source, 'utf8') === leaky.join('\n'), 'the leaky file is saved');
      // What the linter says about this text, from the CLI (the same analysis core).
      writeFileSync(join(work, 'leak.bpf.c'), leaky.join('\n'));
      const lint = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'lint', '--format', 'json', join(work, 'leak.bpf.c')], {
        encoding: 'utf8',
      });
      const findings = JSON.parse(lint.stdout) as { line: number; column: number; code: string; message: string }[];
      const first = findings[0];
      assert.ok(first !== undefined, 'the linter reports the missing submit');
      assert.equal(first.code, 'RS161');
      const problem = await waitForProblem(page, first.message.slice(0, 60));
      assert.ok(problem.includes(first.message), problem);
      assert.ok(problem.includes(`[Ln ${first.line}, Col ${first.column}]`), problem);
      await shot(page, 'lint-diagnostic.png');
    });

    await t.test('a verifier rejection is a diagnostic on the failing C line', async () => {
      await runCommand(page, 'Ringscope: Run on This Machine');
      const problem = await waitForProblem(page, 'verifier: BPF_EXIT instruction in main prog would lead to reference leak');
      assert.match(problem, new RegExp(`\\[Ln ${exitLine}, Col \\d+\\]`));
      await shot(page, 'verifier-diagnostic.png');
      await focusEditor(page);
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+S');
      await until(() => readFileSync(source, 'utf8') === text, 'the fixed file is saved');
    });

    await t.test('run on a remote host over SSH', { skip: ssh ? false : `no SSH host: ${sshProblem}` }, async () => {
      await focusEditor(page);
      await runCommand(page, 'Ringscope: Run on Remote Host…');
      await pickQuickItem(page, 'rs-root');
      const frame = await recordsFrame(page);
      await frame.locator('.rs-session', { hasText: 'execsnoop.bpf.c on root@rs-root: running' }).waitFor({ timeout: 90_000 });
      const cell = await payloadCell(frame, payloadFile);
      assert.equal(await cell.innerText(), payloadFile);
      assert.equal(await frame.locator('img').count(), 0);
      await shot(page, 'remote-run.png');
      await runCommand(page, 'Ringscope: Stop');
      await frame.locator('.rs-session', { hasText: 'on root@rs-root: stopped after' }).waitFor({ timeout: 30_000 });
    });
  } finally {
    await ssh?.stop();
    if (wb !== undefined) {
      await wb.page.screenshot({ path: join(work, 'last.png') }).catch(() => undefined);
      await wb.close();
    }
    await cs?.stop();
  }
});
