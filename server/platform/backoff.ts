const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** Delay before retry number `attempt` (1-based): base · 2^(attempt-1), at most an hour. */
export function backoffMs(attempt: number, baseMs: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
}
