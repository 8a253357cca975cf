// The agent's heartbeat: `touch()` on every request; once armed with a timeout, calls `onExpire` when no
// request arrived for that long. A remote link can die without EOF (a cut network leaves sshd waiting),
// so a remote client pings and the agent tears itself down when the pings stop. Off (0) by default.
export class IdleWatchdog {
  private last = Date.now();
  private timer?: NodeJS.Timeout;
  private seconds = 0;

  constructor(private readonly onExpire: (seconds: number) => void) {}

  touch(): void {
    this.last = Date.now();
  }

  /** Arms (seconds > 0) or disarms (0) the watchdog; the idle time counts from now. */
  configure(seconds: number): void {
    this.seconds = seconds;
    this.touch();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.seconds <= 0) return;
    const due = this.last + this.seconds * 1000 - Date.now();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (Date.now() - this.last >= this.seconds * 1000) this.onExpire(this.seconds);
      else this.schedule();
    }, Math.max(0, due));
  }

  dispose(): void {
    this.seconds = 0;
    this.schedule();
  }
}
