import type { Db, Dialect, Executor } from '../db/database.ts';
import { nowIso } from '../db/database.ts';
import { listen } from '../db/pg-listen.ts';
import { DOMAIN_EVENT_CHANNEL, onEventsRecorded, type StoredEvent } from './domain-events.ts';
import { type EventPosition, type EventRow, isAfter, NewestEvent, newestEvent, positionOf, SharedEventReads, toEvent } from './event-reading.ts';
import { type ChunkOutcome, deliverAsBatch, deliverChunk, deliverEach, newReadOnce, nothingToDo } from './deliver-chunk.ts';
import { advanceCursor, claimLease, type Lease, moveCursorForward, releaseLease, retryOrPark, subscribersBehind } from './subscription-rows.ts';
import type { Subscriber } from './subscriber.ts';
import { LoopWakeUps } from './loop-wake-ups.ts';
import { UnsavedCursors } from './unsaved-cursors.ts';

export { type ReadOnce, readOnce, type Subscriber, type SubscriberContext } from './subscriber.ts';

export interface DispatcherOptions {
  db: Db;
  dialect: Dialect;
  subscribers: Subscriber[];
  /** PostgreSQL: LISTEN for commits of other processes. */
  databaseUrl?: string | undefined;
  log?: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };
  /** Poll interval when nothing woke the dispatcher. */
  idleMs?: number;
  batchSize?: number;
  /** Attempts per event before it is parked in event_failures and the subscriber moves on. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  /** How long one process holds a subscriber; another process takes over after that. */
  lockSeconds?: number;
}

class LostLease extends Error {}

/** How long a subscriber loop woken by a commit waits for more before it delivers. */
const EVENT_GATHER_MS = 10;

/** Events a transactional subscriber handles in one transaction (one commit, one cursor move). */
const EVENTS_PER_TRANSACTION = 25;

/**
 * Delivers stored domain events to the subscribers. Several dispatchers (processes) may run
 * against one database: a subscriber is leased to one of them at a time, and its cursor only
 * moves under that lease.
 *
 * Order and completeness: on SQLite writes commit in id order. On PostgreSQL ids are taken
 * before commit, so a later id may commit first; events are therefore read in (transaction
 * id, id) order and only from transactions older than every running one of this database
 * (`horizon` in event-reading.ts), a set that can no longer grow behind the cursor.
 */
export class EventDispatcher {
  private readonly options: Required<Omit<DispatcherOptions, 'log' | 'databaseUrl'>> & Pick<DispatcherOptions, 'log' | 'databaseUrl'>;
  private running = false;
  private loops: Array<Promise<void>> = [];
  private stopListening: (() => Promise<void>) | undefined;
  private unsubscribeLocal: (() => void) | undefined;
  private prepared = false;
  /**
   * Each subscriber's cursor as this process last saw it. Cursors only move forward, so when the
   * newest event is not past it there is nothing to deliver, and the loop skips the lease (two
   * writes) and the read: a poke after every commit used to cost three statements per subscriber.
   */
  private readonly known = new Map<string, EventPosition>();
  /**
   * Leases this process kept after a round that went through, while events keep coming: taking
   * and giving back a lease are two writes per subscriber and round (24 statements a round with
   * twelve subscribers). Given back when the subscriber's loop was idle for a poll interval, when
   * a round fails and at stop; if the process dies, another takes over when the lease expires.
   */
  private readonly leases = new Map<string, Lease>();
  /** Cursors moved past events the subscriber does not handle, written later (unsaved-cursors.ts). */
  private readonly unsaved = new UnsavedCursors();
  /** The round each subscriber is in, if any (runOnce). */
  private readonly rounds = new Map<string, Promise<number>>();
  /** The newest stored event, one read for all subscriber loops until the next wake-up (event-reading.ts). */
  private readonly newest: NewestEvent;
  /** Pokes and the loops' waits between rounds (loop-wake-ups.ts). */
  private readonly wakeUps: LoopWakeUps;
  /** The outbox's batches, one read for subscribers that stand at the same place (event-reading.ts). */
  private readonly reads: SharedEventReads;

  constructor(options: DispatcherOptions) {
    this.options = { idleMs: 1000, batchSize: 200, maxAttempts: 8, backoffBaseMs: 5000, lockSeconds: 30, ...options };
    this.reads = new SharedEventReads(this.options.db, this.options.dialect, this.options.batchSize);
    this.newest = new NewestEvent(this.options.db, this.options.idleMs);
    this.wakeUps = new LoopWakeUps(this.newest, this.options.idleMs);
    const names = new Set<string>();
    for (const s of options.subscribers) {
      if (names.has(s.name)) throw new Error(`Two event subscribers are called ${s.name}.`);
      names.add(s.name);
    }
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.prepare();
    this.running = true;
    if (this.options.dialect === 'postgres' && this.options.databaseUrl) {
      // PostgreSQL tells every process at commit, this one too. The signal of this process comes
      // when the events are written, before their commit: the loops it woke found nothing yet
      // and read again at the NOTIFY (a look at the newest event more per commit).
      this.stopListening = await listen({
        databaseUrl: this.options.databaseUrl,
        channels: { [DOMAIN_EVENT_CHANNEL]: () => this.poke() },
        onConnect: () => this.poke(),
        ...(this.options.log ? { log: this.options.log } : {}),
      });
    } else this.unsubscribeLocal = onEventsRecorded(() => this.poke());
    this.loops = this.options.subscribers.map((s) => this.loop(s));
  }

  /** Lets the current handlers finish, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.poke();
    await Promise.all(this.loops);
    this.loops = [];
    await this.releaseKept();
    this.unsubscribeLocal?.();
    await this.stopListening?.();
  }

  /** Wakes every idle subscriber loop. */
  poke(): void {
    this.wakeUps.poke();
  }

  /**
   * Delivers everything that is due now and waits until every subscriber has caught up (another
   * loop of this or another process may hold a subscriber for a moment). Subscribers waiting for
   * a retry are not waited for. For tests and one-shot commands.
   */
  async drain(timeoutMs = 15_000): Promise<number> {
    await this.prepare();
    const deadline = Date.now() + timeoutMs;
    let total = 0;
    for (;;) {
      // Not started, nothing pokes: each round looks at the outbox afresh.
      this.newest.wake();
      for (const subscriber of this.options.subscribers) total += await this.runOnce(subscriber);
      // A running dispatcher keeps its leases: what it passed without writing is written now.
      for (const [name, lease] of [...this.leases]) await this.save(name, lease.token);
      if ((await this.behind()).length === 0 || Date.now() > deadline) return total;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Subscribers whose cursor is behind the newest committed event (not counting those waiting for a retry). */
  behind(): Promise<string[]> {
    return subscribersBehind(
      this.options.db,
      this.options.subscribers.map((s) => s.name),
    );
  }

  /** Creates the cursor rows of subscribers seen for the first time. */
  private async prepare(): Promise<void> {
    if (this.prepared) return;
    const { db } = this.options;
    const now = nowIso();
    for (const s of this.options.subscribers) {
      let start = { tx: 0, id: 0 };
      if (s.startAt === 'now') {
        start = (await newestEvent(db)) ?? start;
      }
      await db
        .insertInto('event_subscriptions')
        .values({ name: s.name, last_tx_id: start.tx, last_event_id: start.id, updated_at: now })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
    }
    this.prepared = true;
  }

  private async loop(subscriber: Subscriber): Promise<void> {
    while (this.running) {
      let processed = 0;
      const pokes = this.wakeUps.pokes;
      try {
        processed = await this.runOnce(subscriber);
      } catch (error) {
        this.options.log?.error({ subscriber: subscriber.name, err: error instanceof Error ? error.message : String(error) }, 'event dispatcher could not poll');
      }
      if (processed === 0 && this.running) {
        // A commit told of during the round may have come after its look at the outbox.
        const poked = this.wakeUps.pokes !== pokes || (await this.wakeUps.wait(subscriber.name));
        // Idle for a whole poll interval: another process may take the subscriber at once.
        if (!poked) await this.releaseKept([subscriber.name]);
        // Commits come in quick succession under load: gathered, the events of several are
        // delivered under one lease and read in one statement instead of one round each.
        if (poked && this.running) await new Promise((resolve) => setTimeout(resolve, EVENT_GATHER_MS));
      }
    }
  }

  /**
   * Takes the subscriber's lease (or goes on under the one this process kept), delivers batch
   * after batch while events keep coming, and keeps the lease for the next round when the last
   * batch went through and the dispatcher runs; otherwise gives it back. Returns how many events
   * the cursor passed (0: nothing to do, or the subscriber waits for a retry).
   */
  private runOnce(subscriber: Subscriber): Promise<number> {
    // One round per subscriber at a time in this process: drain() and the subscriber's loop may
    // both call, and a kept lease would let both deliver. The later caller waits for the round.
    const running = this.rounds.get(subscriber.name);
    if (running)
      return running.then(
        () => 0,
        () => 0,
      );
    const round = this.round(subscriber).finally(() => this.rounds.delete(subscriber.name));
    this.rounds.set(subscriber.name, round);
    return round;
  }

  private async round(subscriber: Subscriber): Promise<number> {
    const { lockSeconds } = this.options;
    const { name } = subscriber;
    // Unknown (the first round): news is assumed, so an empty read then says nothing is held back.
    const compared = this.known.has(name);
    if (!(await this.mayHaveNews(name))) {
      this.wakeUps.firstRead(name, 'nothing new');
      return 0;
    }
    let lease = this.leases.get(name);
    let attempts = 0;
    // A kept lease is renewed once half of it has passed, so a long round never outlives it.
    if (!lease || Date.now() > lease.until - (lockSeconds * 1000) / 2) {
      // Renewing reads the cursor as stored: what was passed under the lease is written first.
      if (lease) await this.save(name, lease.token);
      const claimed = await this.claim(name, lease?.token);
      if (!claimed) {
        this.leases.delete(name);
        return 0;
      }
      lease = claimed.lease;
      attempts = claimed.attempts;
    }
    let keep = false;
    try {
      let passed = 0;
      for (;;) {
        keep = false;
        const cursor = this.known.get(name)!;
        const rows = await this.reads.after(cursor);
        // None though the newest event lies past the cursor: an older transaction still runs.
        if (passed === 0 && compared) this.wakeUps.firstRead(name, rows.length === 0 ? 'held back' : 'read');
        if (rows.length === 0) {
          keep = true;
          return passed;
        }
        const result = await this.deliverBatch(subscriber, lease.token, attempts, rows);
        passed += result.passed;
        // A batch that went through reset the attempts of the cursor row.
        attempts = 0;
        if (!result.complete) return passed;
        keep = true;
        if (this.unsaved.due(name)) await this.save(name, lease.token);
        if (Date.now() > lease.until - (lockSeconds * 1000) / 2 || !this.running || !(await this.mayHaveNews(name))) return passed;
      }
    } finally {
      // Kept only by a running dispatcher after a round that went through: one that failed waits
      // for its retry without the lease, and drain() (tests, one-shot commands) leaves none behind.
      if (keep && this.running) this.leases.set(name, lease);
      else await this.release(name, lease.token);
    }
  }

  private async claim(name: string, heldToken: string | undefined): Promise<{ lease: Lease; attempts: number } | undefined> {
    const claimed = await claimLease(this.options.db, name, this.options.lockSeconds, heldToken);
    if (!claimed) return undefined;
    this.unsaved.take(name);
    this.known.set(name, claimed.cursor);
    return claimed;
  }

  private async release(name: string, token: string): Promise<void> {
    this.leases.delete(name);
    try {
      await this.save(name, token);
    } finally {
      await releaseLease(this.options.db, name, token);
    }
  }

  /** Writes the cursor moved past events the subscriber does not handle (`unsaved`), if any. */
  private async save(name: string, token: string): Promise<void> {
    const row = this.unsaved.take(name);
    // Under a lease lost meanwhile this moves nothing: the process that has it reads those events again.
    if (row) await moveCursorForward(this.options.db, name, token, row);
  }

  /** The cursor passes `events` events up to `row` without a write (`unsaved`). */
  private passed(name: string, row: EventRow, events: number): void {
    this.known.set(name, positionOf(row));
    this.unsaved.pass(name, row, events);
  }

  /** Gives back the leases kept for `names` (all when omitted); failures only delay another process until they expire. */
  private async releaseKept(names?: string[]): Promise<void> {
    for (const [name, lease] of [...this.leases]) {
      // A round under way (drain() while the loop waits) still uses it; the round decides at its end.
      if ((names && !names.includes(name)) || this.rounds.has(name)) continue;
      try {
        await this.release(name, lease.token);
      } catch (error) {
        this.options.log?.warn({ subscriber: name, err: error instanceof Error ? error.message : String(error) }, 'event dispatcher could not give back a lease');
      }
    }
  }

  /** Whether the newest stored event lies past the subscriber's cursor as last seen here (true when unknown). */
  private async mayHaveNews(name: string): Promise<boolean> {
    const cursor = this.known.get(name);
    if (!cursor) return true;
    const newest = await this.newest.read();
    return newest !== undefined && isAfter(newest, cursor);
  }

  /**
   * Delivers one batch; `complete` is false when it stopped early (a failure, a retry scheduled)
   * and the lease should be given back.
   */
  private async deliverBatch(subscriber: Subscriber, token: string, attempts: number, rows: EventRow[]): Promise<{ passed: number; complete: boolean }> {
    const { db, dialect } = this.options;
    if (!rows.some((row) => subscriber.events.includes(row.type))) {
      // Nothing for this subscriber: the cursor passes the batch, written later (`unsaved`).
      this.passed(subscriber.name, rows[rows.length - 1]!, rows.length);
      return { passed: rows.length, complete: true };
    }
    if ((subscriber.delivery ?? 'transactional') === 'at-least-once') {
      if (subscriber.handleBatch && (await deliverAsBatch(this.options, subscriber, rows, (row) => this.advance(this.options.db, subscriber.name, token, row))))
        return { passed: rows.length, complete: true };
      const passed = await this.deliverEach(subscriber, token, attempts, rows, false);
      return { passed, complete: passed === rows.length };
    }
    // The configuration's small reads, shared by the question and the batch's transactions.
    const once = newReadOnce();
    if (await nothingToDo(this.options, subscriber, rows, once)) {
      // Idle by its configuration: passed, as above.
      this.passed(subscriber.name, rows[rows.length - 1]!, rows.length);
      return { passed: rows.length, complete: true };
    }
    // Several events per transaction: one commit (and one cursor move) per chunk rather than
    // per event. A failing event is rolled back alone, the events before it commit with the
    // cursor just before it, and it is retried by itself (deliver-chunk.ts).
    let passed = 0;
    for (let start = 0; start < rows.length; start += EVENTS_PER_TRANSACTION) {
      const chunk = rows.slice(start, start + EVENTS_PER_TRANSACTION);
      if (!chunk.some((row) => subscriber.events.includes(row.type))) {
        // Nothing for this subscriber in this chunk: passed, as above.
        this.passed(subscriber.name, chunk[chunk.length - 1]!, chunk.length);
        passed += chunk.length;
        continue;
      }
      let outcome: ChunkOutcome;
      try {
        outcome = await deliverChunk(db, dialect, subscriber, chunk, (trx, row) => this.advance(trx, subscriber.name, token, row), once);
        if (chunk[outcome.delivered - 1]) this.moved(subscriber.name, chunk[outcome.delivered - 1]!);
      } catch (error) {
        if (error instanceof LostLease) throw error;
        // The transaction itself broke (not one handler): one event per transaction instead.
        const each = await this.deliverEach(subscriber, token, attempts, rows.slice(start), true);
        return { passed: passed + each, complete: false };
      }
      const { delivered, failure } = outcome;
      passed += delivered;
      if (failure) {
        await this.failed(subscriber.name, token, failure.row, attempts + 1, failure.error);
        return { passed, complete: false };
      }
    }
    return { passed, complete: true };
  }

  /** deliverEach (deliver-chunk.ts) under this dispatcher's lease: a failure is scheduled for a retry or parked, a lost lease ends the round. */
  private deliverEach(subscriber: Subscriber, token: string, attempts: number, rows: EventRow[], transactional: boolean): Promise<number> {
    const { db, dialect } = this.options;
    return deliverEach(db, dialect, subscriber, rows, transactional, {
      advance: (on, row) => this.advance(on, subscriber.name, token, row),
      moved: (row) => this.moved(subscriber.name, row),
      failed: (row, error) => this.failed(subscriber.name, token, row, attempts + 1, error),
      endsRound: (error) => error instanceof LostLease,
    });
  }

  /** Moves the cursor past `row`, only while this dispatcher still holds the lease. */
  private async advance(db: Executor, name: string, token: string, row: EventRow): Promise<void> {
    if (!(await advanceCursor(db, name, token, row))) throw new LostLease(`The lease on event subscriber ${name} expired; another process carries on.`);
    // Inside a transaction the move counts only once it commits (the caller records it then).
    if (db === this.options.db) this.moved(name, row);
  }

  private moved(name: string, row: EventRow): void {
    const position = positionOf(row);
    this.known.set(name, position);
    this.unsaved.written(name, position);
  }

  /** Schedules a retry, or after the last attempt parks the event and moves on (subscription-rows.ts). */
  private failed(name: string, token: string, row: EventRow, attempt: number, error: unknown): Promise<void> {
    return retryOrPark(this.options, name, token, row, attempt, error, () => this.advance(this.options.db, name, token, row));
  }
}
