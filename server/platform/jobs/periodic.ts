/**
 * Background upkeep a worker repeats every `everyMs` (statistics, an index that moves): a run
 * still under way when the next is due is left to finish and that turn is skipped, so a long
 * vacuum never runs twice at once; `stop` ends the repetition and waits for a run under way,
 * since the database is closed after the worker's clean-ups. Errors go to `onError` (the work is
 * upkeep: the next turn tries again). `atStart`: the first run now rather than after `everyMs`.
 */
export function repeatInBackground(work: () => Promise<void>, options: { everyMs: number; atStart?: boolean; onError: (error: unknown) => void }): () => Promise<void> {
  let running: Promise<void> | undefined;
  const run = () => {
    if (running) return;
    running = work()
      .catch(options.onError)
      .finally(() => (running = undefined));
  };
  if (options.atStart) run();
  const timer = setInterval(run, options.everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
