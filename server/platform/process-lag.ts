/**
 * What the roles of one process tell each other about falling behind: the worker role adds its
 * job runner's lag, the web role holds writes back on it (http/write-backpressure.ts). In a
 * process without a worker nothing is added and the lag is 0; workers in other processes do
 * not share the CPU with its requests.
 */
export class ProcessLag {
  private readonly sources = new Set<() => number>();

  /** Adds a source of lag in milliseconds; returns how to remove it again. */
  add(source: () => number): () => void {
    this.sources.add(source);
    return () => this.sources.delete(source);
  }

  /** The largest lag of any source, in milliseconds. */
  jobsMs(): number {
    let most = 0;
    for (const source of this.sources) most = Math.max(most, source());
    return most;
  }
}
