// Real-time scheduling for the thread that reads the rings (the agent's main thread) while a stream runs.
// A fast producer fills a 4 MiB ring in about a millisecond. Under the ordinary scheduler, any other task that
// wakes on the reader's CPU (a V8 helper, a daemon, the producer itself) can hold that CPU for a whole time
// slice, one to four ms, and the producer drops records meanwhile. SCHED_FIFO at the lowest real-time priority
// lets no ordinary task delay the reader, as `perf record -r` does for perf's reader.
// The kernel lets real-time tasks use a CPU for at most sched_rt_runtime_us of every sched_rt_period_us
// (950 ms of 1 s by default), then idles it for the rest of the period: a reader that never sleeps would stop
// for ~40 ms every second. So the reader paces itself: once it has run (CPU time, not wall time: a reader
// that sleeps in epoll between records never gets there) for its real-time part of a SLOT_MS slot, it is
// ordinary until the slot ends. Any period then holds at most 11 slots' parts, sized to fit the budget however
// the kernel's periods fall.
// Only the calling thread changes; SCHED_RESET_ON_FORK keeps threads started later (libuv's pool) ordinary.
import { readFileSync } from 'node:fs';
import { call, callErrno, calloc, free, LIBC, readMemory, T, writeMemory, type Addr } from './libbpf/ffi';

const SCHED_OTHER = 0;
const SCHED_FIFO = 1;
const SCHED_RESET_ON_FORK = 0x40000000;

/** The pacing slot: real-time until the thread has run for its real-time part, ordinary for the rest. */
export const SLOT_MS = 100;
/** A period of the kernel's (1 s by default) overlaps at most this many slots' real-time parts: 10 whole and two ends. */
const SLOTS_PER_PERIOD = 11;
const CLOCK_THREAD_CPUTIME_ID = 3;

/** sched_setscheduler(0, policy, {priority}) on the calling thread: 0, or the errno. */
function setScheduler(policy: number, priority: number): number {
  const param = calloc(4);
  try {
    const p = Buffer.alloc(4);
    p.writeInt32LE(priority, 0);
    writeMemory(param, p);
    const r = callErrno<number>(LIBC, 'sched_setscheduler', T.I32, [T.I32, T.I32, T.BigInt], [0, policy, param]);
    return r.value === 0 ? 0 : r.errno;
  } finally {
    free(param);
  }
}

/** The calling thread to SCHED_FIFO at `priority` (0 = ordinary): 0, or the errno (EPERM without CAP_SYS_NICE). */
export type ApplyPriority = (priority: number) => number;

const applyToThisThread: ApplyPriority = (priority) =>
  priority > 0 ? setScheduler(SCHED_FIFO | SCHED_RESET_ON_FORK, priority) : setScheduler(SCHED_OTHER, 0);

/** The calling thread's CPU time in ms. */
export type ThreadCpuMs = () => number;

let timespec: Addr | undefined;
const cpuOfThisThread: ThreadCpuMs = () => {
  timespec ??= calloc(16);
  call<number>(LIBC, 'clock_gettime', T.I32, [T.I32, T.BigInt], [CLOCK_THREAD_CPUTIME_ID, timespec]);
  const ts = readMemory(timespec, 16);
  return Number(ts.readBigInt64LE(0)) * 1000 + Number(ts.readBigInt64LE(8)) / 1e6;
};

/** The share of each period the kernel gives real-time tasks (sched_rt_runtime_us / sched_rt_period_us); 1 when unlimited. */
export function kernelRealtimeShare(read: (path: string) => string = (p) => readFileSync(p, 'utf8')): number {
  try {
    const runtime = Number(read('/proc/sys/kernel/sched_rt_runtime_us').trim());
    const period = Number(read('/proc/sys/kernel/sched_rt_period_us').trim());
    if (runtime < 0) return 1;
    return period > 0 ? Math.min(1, runtime / period) : 1;
  } catch {
    return 0.95; // unknown: assume the default
  }
}

/**
 * One stream's reader priority: `raise()` when the stream starts, `pace(now)` on every turn of the reading loop
 * (wall ms; it looks at the thread's CPU time at most once a ms), `restore()` when it stops.
 */
export class ReaderPriority {
  /** CPU ms per slot the thread may run real-time: the kernel's budget over the slots a period can overlap. */
  readonly realtimeMs: number;
  /** Whether the thread is real-time now; `held` says whether the stream holds the priority at all. */
  private fifo = false;
  private held = false;
  private slotStart = 0;
  private slotCpu = 0;
  private lastLook = 0;

  constructor(
    readonly priority: number,
    share = kernelRealtimeShare(),
    private readonly apply: ApplyPriority = applyToThisThread,
    private readonly cpuMs: ThreadCpuMs = cpuOfThisThread,
  ) {
    this.realtimeMs = Math.floor((SLOT_MS * 10 * share) / SLOTS_PER_PERIOD);
  }

  /** Takes real-time priority from `now` on: 0, or the errno that refused it (the thread stays ordinary). */
  raise(now: number): number {
    if (this.priority <= 0 || this.realtimeMs <= 0) return 0;
    const errno = this.apply(this.priority);
    if (errno !== 0) return errno;
    this.held = true;
    this.fifo = true;
    this.startSlot(now);
    return 0;
  }

  /** The priority in effect for the stream: 0 when the thread stays ordinary. */
  get effective(): number {
    return this.held ? this.priority : 0;
  }

  private startSlot(now: number): void {
    this.slotStart = now;
    this.lastLook = now;
    this.slotCpu = this.cpuMs();
  }

  /** Ordinary once the thread has run for the slot's real-time part, real-time again from the next slot. */
  pace(now: number): void {
    if (!this.held || (now - this.lastLook < 1 && now >= this.lastLook)) return;
    this.lastLook = now;
    const into = now - this.slotStart;
    if (into >= SLOT_MS || into < 0) {
      this.startSlot(now);
      if (!this.fifo) this.fifo = this.apply(this.priority) === 0;
    } else if (this.fifo && this.cpuMs() - this.slotCpu >= this.realtimeMs) {
      this.apply(0);
      this.fifo = false;
    }
  }

  /** Back to the ordinary scheduler for good. */
  restore(): void {
    if (this.held && this.fifo) this.apply(0);
    this.held = false;
    this.fifo = false;
  }
}
