// RingReader's holdBack on the real kernel: consumer_pos trails what the reader has read (by 8 bytes, stored
// once per few KiB) until release(), and while it does, records committed after the reader caught up raise
// no wake-up irq_work (IWI in /proc/interrupts); without holdBack each such record raises one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { readBpfObject } from '../../client/agent/btf';
import { openLibraries, selfTestZeroCopy } from '../../client/agent/libbpf/ffi';
import { BpfObject, type RingMap } from '../../client/agent/libbpf/object';
import { RingReader } from '../../client/agent/ring/reader';
import { compileBpf, startStepper, type Stepper } from './support/agentHarness';

const RECORD = 40; // struct event (32 bytes) and its 8-byte header
let bpf: BpfObject | undefined;
let ring: RingMap;
let stepper: Stepper;

/** IRQ work interrupts so far, all CPUs. */
function irqWork(): number {
  const line = readFileSync('/proc/interrupts', 'utf8')
    .split('\n')
    .find((l) => l.trim().startsWith('IWI:'));
  assert.ok(line, '/proc/interrupts has an IWI row');
  return line
    .trim()
    .split(/\s+/)
    .slice(1)
    .filter((x) => /^\d+$/.test(x))
    .reduce((a, x) => a + Number(x), 0);
}

/** consumer_pos as the kernel sees it: a fresh reader starts from it. */
function kernelConsumerPos(): number {
  const r = new RingReader(ring.fd, ring.size, true);
  try {
    return r.positions().consumer;
  } finally {
    r.close();
  }
}

before(async () => {
  openLibraries();
  assert.equal(selfTestZeroCopy(), true, 'system Node maps external buffers');
  const obj = compileBpf('getpid');
  stepper = startStepper();
  const pid = await stepper.pid;
  const info = readBpfObject(new Uint8Array(readFileSync(obj)));
  bpf = BpfObject.open(obj, info, { target_pid: pid });
  bpf.load();
  bpf.attach();
  const rb = bpf.rings().find((r) => r.name === 'rb');
  assert.ok(rb);
  ring = rb;
});

after(() => {
  stepper.end();
  bpf?.close();
});

/** One record per step, drained as soon as it is committed; returns the IWI count it raised. */
async function stepwise(reader: RingReader, steps: number): Promise<number> {
  let got = 0;
  const before = irqWork();
  for (let i = 0; i < steps; i++) {
    await stepper.step(1);
    got += reader.drain(() => undefined, 10);
  }
  const raised = irqWork() - before;
  assert.equal(got, steps);
  return raised;
}

void test('without holdBack each record committed after the reader caught up raises a wake-up', async () => {
  const reader = new RingReader(ring.fd, ring.size, true);
  const start = reader.positions().consumer;
  const raised = await stepwise(reader, 300);
  console.log(`IWI without holdBack: ${raised}`);
  assert.ok(raised >= 300, `IWI raised ${raised} for 300 records`);
  assert.equal(kernelConsumerPos(), start + 300 * RECORD);
  reader.close();
});

void test('with holdBack the same records raise (almost) no wake-up; release() hands every byte back', async () => {
  const reader = new RingReader(ring.fd, ring.size, true, true);
  const start = reader.positions().consumer;
  const raised = await stepwise(reader, 300);
  // other irq_work on this machine (timers, perf) adds a little noise; the ring's own would be 300
  console.log(`IWI with holdBack: ${raised}`);
  assert.ok(raised < 100, `IWI raised ${raised} for 300 records`);
  const read = start + 300 * RECORD;
  assert.deepEqual(reader.positions(), { consumer: read, producer: read });
  const seen = kernelConsumerPos();
  assert.ok(seen < read && read - seen <= 16384 + 8, `consumer_pos ${seen} trails ${read} by at most one publish interval`);
  reader.release();
  assert.equal(kernelConsumerPos(), read);
  reader.close();
});

void test('release() reports a record that came while consumer_pos was held back (it woke nobody), and only then', async () => {
  const reader = new RingReader(ring.fd, ring.size, true, true);
  await stepwise(reader, 3);
  assert.equal(reader.release(), false, 'caught up: nothing came since the last read');
  assert.equal(reader.release(), false, 'a second release changes nothing');
  // read up to the producer again, with consumer_pos held back 8 bytes short of it
  await stepwise(reader, 1);
  const held = kernelConsumerPos();
  assert.ok(held < reader.positions().consumer, 'consumer_pos is held back');
  // committed now, before the release: the kernel saw consumer_pos != its position, so nobody was woken
  await stepper.step(1);
  assert.equal(reader.release(), true, 'the record committed before the release is reported');
  assert.equal(reader.drain(() => undefined, 10), 1);
  assert.equal(reader.release(), false);
  reader.close();
});
