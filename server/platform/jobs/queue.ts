import type { Executor } from '../db/database.ts';
import { nowIso } from '../db/database.ts';

/**
 * The durable job queue (outbox). A request enqueues inside its own transaction, so the job
 * exists exactly when the change it belongs to is committed; the worker (runner.ts) does the
 * slow and external work with retries. The engine knows no area: each area defines its job
 * kinds and handlers beside its code, and the entry point registers them.
 */
export interface EnqueueOptions {
  /** Earliest time to run (ISO); now by default. */
  runAt?: string;
  maxAttempts?: number;
}

export async function enqueue(db: Executor, kind: string, payload: unknown, options: EnqueueOptions = {}): Promise<number> {
  const now = nowIso();
  const row = await db
    .insertInto('jobs')
    .values({
      kind,
      payload: JSON.stringify(payload),
      status: 'queued',
      run_at: options.runAt ?? now,
      ...(options.maxAttempts ? { max_attempts: options.maxAttempts } : {}),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
