import { nowIso } from '../db/now.ts';

export interface EnqueueOptions {
  /** Earliest time to run (ISO); now by default. */
  runAt?: string;
  maxAttempts?: number;
}

/** The column's default (migrations/2026-11-27T0500-initial.ts). */
const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * A queued job's row as the queue (queue.ts) and a short command without Kysely
 * (store-raw-mail.ts) insert it.
 */
export const jobRow = (kind: string, payload: unknown, options: EnqueueOptions) => {
  const now = nowIso();
  return {
    kind,
    payload: JSON.stringify(payload),
    status: 'queued',
    run_at: options.runAt ?? now,
    max_attempts: options.maxAttempts || DEFAULT_MAX_ATTEMPTS,
    created_at: now,
    updated_at: now,
  };
};
