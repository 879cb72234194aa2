/**
 * The order in which jobs run, in one place: the lowest priority number first, then the first
 * added — BullMQ's rule for prioritized jobs (docs/scale.md). The local runner (`--jobs N`) takes
 * jobs in this order, and the benchmark's simulation replays it with measured costs.
 */

/** A job waiting to run: its priority (lower first) and the order it was added in. */
export interface Waiting { priority: number; seq: number }

/** Compares two waiting jobs: negative when `a` runs first. */
export function runsBefore(a: Waiting, b: Waiting): number {
  return a.priority - b.priority || a.seq - b.seq;
}

/** A queue of jobs that runs at most `slots` at once, in `runsBefore` order. */
export class JobScheduler<T> {
  private waiting: (Waiting & { run: () => Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void })[] = [];
  private running = 0;
  private seq = 0;
  private stopped: unknown = null;

  constructor(readonly slots: number) {}

  /** Adds a job; resolves with its result once it has run. */
  add(priority: number, run: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ priority, seq: this.seq++, run, resolve, reject });
      this.waiting.sort(runsBefore);
      this.pump();
    });
  }

  /** Rejects every job not started yet with `reason` (running ones finish); returns how many. */
  stop(reason: unknown): number {
    this.stopped = reason;
    const dropped = this.waiting.splice(0);
    for (const w of dropped) w.reject(reason);
    return dropped.length;
  }

  private pump(): void {
    while (this.running < this.slots && this.waiting.length) {
      const next = this.waiting.shift()!;
      this.running++;
      next.run().then(next.resolve, next.reject).finally(() => { this.running--; this.pump(); });
    }
  }
}
