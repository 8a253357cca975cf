// Waits for ring buffer data without blocking the event loop: one epoll instance over every ring fd,
// epoll_wait run on a libuv pool thread (ffi-rs runInNewThread) with a short timeout, so producers
// that submit with BPF_RB_NO_WAKEUP (never waking epoll) are still polled every `timeoutMs`; a hot
// stream may wait synchronously instead (bounded), which saves the pool thread's extra wake-up.
import { load } from 'ffi-rs';
import * as L from '../libbpf/api';
import { calloc, free, LIBC, T, writeMemory, type Addr } from '../libbpf/ffi';

const EPOLL_CTL_ADD = 1;
const EPOLLIN = 1;
const EVENT_SIZE = 12; // struct epoll_event is packed on x86-64: u32 events, u64 data
const MAX_EVENTS = 16;

export class RingWaiter {
  private readonly epfd: number;
  private readonly events: Addr;
  private pending?: Promise<number>;
  private closed = false;

  constructor(fds: readonly number[]) {
    this.epfd = load({ library: LIBC, funcName: 'epoll_create1', retType: T.I32, paramsType: [T.I32], paramsValue: [0] });
    if (this.epfd < 0) throw new Error('epoll_create1 failed');
    this.events = calloc(EVENT_SIZE * MAX_EVENTS);
    const ev = calloc(EVENT_SIZE);
    try {
      for (const fd of fds) {
        const b = Buffer.alloc(EVENT_SIZE);
        b.writeUInt32LE(EPOLLIN, 0);
        b.writeUInt32LE(fd, 4);
        writeMemory(ev, b);
        load({ library: LIBC, funcName: 'epoll_ctl', retType: T.I32, paramsType: [T.I32, T.I32, T.I32, T.BigInt], paramsValue: [this.epfd, EPOLL_CTL_ADD, fd, ev] });
      }
    } finally {
      free(ev);
    }
  }

  /** Resolves when a ring signals data or after `timeoutMs`; never rejects. */
  wait(timeoutMs: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    const p = load({
      library: LIBC,
      funcName: 'epoll_wait',
      retType: T.I32,
      paramsType: [T.I32, T.BigInt, T.I32, T.I32],
      paramsValue: [this.epfd, this.events, MAX_EVENTS, timeoutMs],
      runInNewThread: true,
    });
    this.pending = p;
    return p.then(
      () => this.settle(p),
      () => this.settle(p),
    );
  }

  /**
   * Waits up to `timeoutMs` on this thread (blocks the event loop that long, at most): for a hot
   * stream, where the pool-thread round trip (two wake-ups) costs more than the ring takes to fill.
   * True when a ring signalled data. Not while an asynchronous wait is pending.
   */
  waitSync(timeoutMs: number): boolean {
    if (this.closed || this.pending) return false;
    const n = load({
      library: LIBC,
      funcName: 'epoll_wait',
      retType: T.I32,
      paramsType: [T.I32, T.BigInt, T.I32, T.I32],
      paramsValue: [this.epfd, this.events, MAX_EVENTS, timeoutMs],
    });
    return n > 0;
  }

  private settle(p: Promise<number>): void {
    if (this.pending === p) this.pending = undefined;
    if (this.closed && !this.pending) this.release();
  }

  private release(): void {
    L.closeFd(this.epfd);
    free(this.events);
  }

  /** Closes the epoll fd, after a wait still running on the pool thread has returned. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.pending) this.release();
  }
}
