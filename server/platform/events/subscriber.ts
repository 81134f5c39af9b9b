import type { Dialect, Executor } from '../db/database.ts';
import type { StoredEvent } from './domain-events.ts';

export interface SubscriberContext {
  /** The transaction the cursor moves in (transactional subscribers), else the database. */
  db: Executor;
  dialect: Dialect;
  /**
   * Reads a value once per transaction (the chunk of events delivered together) under `key`:
   * small configuration (active triggers, SLA policies, webhooks) that every event of the chunk
   * would read again. Only for what the subscriber's handlers never change. Absent when a test
   * calls `handle` itself: use `readOnce`.
   */
  once?: ReadOnce;
}

export type ReadOnce = <T>(key: string, load: () => Promise<T>) => Promise<T>;

/** `ctx.once` where the dispatcher gives one, else simply `load()`. */
export function readOnce<T>(once: ReadOnce | undefined, key: string, load: () => Promise<T>): Promise<T> {
  return once ? once(key, load) : load();
}

/**
 * A reaction to domain events (notifications, live updates, SLA clocks, triggers, counters …).
 * Each subscriber reads the events in order with its own cursor: a failing one retries with
 * back-off and never holds up the others or the write that caused the event.
 */
export interface Subscriber {
  /** Stable name: it keys the subscriber's cursor. */
  name: string;
  /** Event types it handles; others pass by. */
  events: readonly string[];
  handle(event: StoredEvent, ctx: SubscriberContext): Promise<void>;
  /**
   * Optional: handles several events (in order) at once, e.g. with one query for all of them
   * instead of one each; it must do exactly what `handle` would do for each in turn. A
   * transactional subscriber gets the events of one transaction (up to 25), an at-least-once
   * one a whole batch (up to 200). When it fails, the dispatcher (after rolling back, when
   * transactional) hands the events to `handle` one by one, which finds the failing one.
   */
  handleBatch?(events: StoredEvent[], ctx: SubscriberContext): Promise<void>;
  /**
   * 'transactional' (default): `handle` runs in one transaction with the cursor update, so its
   * database writes happen exactly once; it may run again after a rollback, so it does nothing
   * but write. 'at-least-once': for effects outside the database (a live update), which may
   * repeat after a crash.
   */
  delivery?: 'transactional' | 'at-least-once';
  /**
   * Optional, for a transactional subscriber that its configuration often leaves idle (no active
   * trigger, no webhook, no service level): true when it would do nothing with these events (the
   * ones it handles, in order). Asked outside a transaction (`ctx.db` is the database), after the
   * events were read, so it sees what was configured before they committed. The dispatcher then
   * passes them as it passes events the subscriber does not handle: no transaction, the cursor
   * written later with its next one. What it reads through `ctx.once` the handlers of the same
   * batch get without reading again, so asking costs no statement of its own when there is work.
   */
  nothingToDo?(events: StoredEvent[], ctx: SubscriberContext): Promise<boolean>;
  /** Where a subscriber seen for the first time starts: all stored events (default) or new ones only. */
  startAt?: 'beginning' | 'now';
}
