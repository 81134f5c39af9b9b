import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/**
 * A serving process's SQLite checkpoints, in a thread of their own.
 *
 * In WAL mode a commit appends pages to the write-ahead log and does not wait for the disk
 * (synchronous = NORMAL); copying them into the database file (a checkpoint, two fsyncs) is
 * what costs. By default the committing connection does it itself every 1,000 pages, which at
 * some 30 pages per created ticket is every few dozen tickets, 5 to 150 ms each, on the one
 * thread that also answers requests. Here a worker thread with its own connection copies
 * what was committed every CHECKPOINT_INTERVAL_MS (a PASSIVE checkpoint: it never blocks
 * readers or the writer); the serving connection only checkpoints itself when the log grows
 * past SAFETY_PAGES anyway (the thread is stuck or gone), so the log stays bounded.
 */
const CHECKPOINT_INTERVAL_MS = 100;
const SAFETY_PAGES = 20_000;

/** The thread's code (CommonJS, so that the installed better-sqlite3 loads by its path). */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, { timeout: 5000 });
let checkpoints = 0;
const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    if (result && result.checkpointed > 0) checkpoints++;
  } catch {
    // Busy or the file is being replaced (a restore): the next tick tries again.
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'count') parentPort.postMessage(checkpoints);
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
`;

export interface Checkpointer {
  /** How many checkpoints the thread has done that copied pages (for tests and the bench). */
  checkpoints(): Promise<number>;
  stop(): Promise<void>;
}

export function startCheckpointer(sqlite: SQLite.Database, path: string): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  // No node options of the process: its code is CommonJS, which `--input-type=module` or a
  // loader such as tsx would otherwise turn into a module without `require`.
  const worker = new Worker(THREAD, { eval: true, execArgv: [], workerData: { module, path, intervalMs: CHECKPOINT_INTERVAL_MS } });
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${SAFETY_PAGES}`);
  // A log that grew towards SAFETY_PAGES (80 MB) while the thread lagged shrinks back when it
  // starts over, instead of keeping its size on disk.
  sqlite.pragma('journal_size_limit = 67108864');
  // A thread that fails (it should not) leaves the serving connection to checkpoint as before.
  worker.on('error', (error) => {
    console.error(`SQLite checkpoint thread failed, checkpointing inline again: ${error.message}`);
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  });
  // Asked once it is gone, it answers nothing: stop and checkpoints must not wait for it then.
  let gone = false;
  let lastCount = 0;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      gone = true;
      resolve();
    }),
  );
  return {
    checkpoints: () =>
      gone
        ? Promise.resolve(lastCount)
        : new Promise((resolve) => {
            const answer = (count: number) => {
              lastCount = count;
              resolve(count);
            };
            worker.once('message', answer);
            void exited.then(() => resolve(lastCount));
            worker.postMessage('count');
          }),
    stop: async () => {
      if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
      if (!gone) {
        // Referenced again while it stops: otherwise a process with nothing else left to do
        // would end (exit code 13, an unsettled await) before the thread has closed its database.
        worker.ref();
        worker.postMessage('stop');
      }
      await exited;
    },
  };
}
