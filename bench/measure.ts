/** Server-side timings, collected by an onResponse hook while a label is set. */
export class ServerTimer {
  private label: string | undefined;
  readonly samples = new Map<string, number[]>();

  /** Called from the app's onResponse hook with reply.elapsedTime (milliseconds). */
  record(elapsedMs: number): void {
    if (this.label) this.samples.get(this.label)!.push(elapsedMs);
  }

  start(label: string): void {
    this.label = label;
    this.samples.set(label, []);
  }

  stop(): void {
    this.label = undefined;
  }
}

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] ?? 0 };
}

/** Peak resident memory while something runs, sampled every 50 ms. */
export class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 50);
    this.timer.unref();
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }

  private sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }
}
