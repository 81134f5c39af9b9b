/**
 * A bench child process (started by `runChild` in drive.ts) ends when the bench that started it
 * ends, however it ends (a crash, a signal, kill -9): without this a bulk loader outlived a crashed
 * `npm run bench -- --large` and competed with the next run for the machine for a quarter of an
 * hour. The child notices that it has a new parent (the orphan is handed to init or a subreaper).
 * Only under runChild (ANLAUF_BENCH_CHILD); a script run by hand keeps running.
 */
const benchParent = process.env.ANLAUF_BENCH_CHILD === '1' ? process.ppid : undefined;

/** Ends this process when the bench that started it is gone; cheap enough to call per batch. */
export function exitIfParentGone(): void {
  if (benchParent === undefined || process.ppid === benchParent) return;
  process.stderr.write(`${process.argv[1]}: the bench that started this process has ended; stopping\n`);
  process.exit(1);
}

/** Checks every second while the event loop turns; a loop that never yields calls exitIfParentGone itself. */
export function endWithParent(): void {
  if (benchParent !== undefined) setInterval(exitIfParentGone, 1000).unref();
}
