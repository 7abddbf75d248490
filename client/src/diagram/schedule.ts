// Runs an async job at most once at a time, latest wins: asking while a run is in flight queues
// exactly one more run, which starts when the current one ends (the job reads the latest inputs
// itself). Requests are scheduled, not delayed: no fixed debounce. Pure: no vscode import.

export class LatestOnly {
  private running = false;
  private queued = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly job: () => Promise<void>,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Runs the job now, or once more after the run in flight. */
  schedule(): void {
    this.queued = true;
    if (!this.running) void this.drain();
  }

  /** True while a run is in flight. */
  get busy(): boolean {
    return this.running;
  }

  /** Resolves when no run is in flight or queued. */
  idle(): Promise<void> {
    if (!this.running && !this.queued) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queued) {
      this.queued = false;
      try {
        await this.job();
      } catch (error) {
        this.onError(error);
      }
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
