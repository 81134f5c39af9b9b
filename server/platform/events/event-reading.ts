import { prepared } from '../db/prepared.ts';
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Db, Dialect } from '../db/database.ts';
import type { DomainEventsTable } from '../db/schema.ts';
import type { StoredEvent } from './domain-events.ts';

/** Reading the domain-event outbox for the dispatcher (dispatcher.ts): batches after a cursor, the newest event. */

export type EventRow = Selectable<DomainEventsTable>;

/** A cursor position: events are ordered by (transaction id, id). */
export interface EventPosition {
  tx: number;
  id: number;
}

export const toEvent = (row: EventRow): StoredEvent => ({
  id: row.id,
  type: row.type,
  aggregateId: row.aggregate_id,
  actorId: row.actor_id,
  payload: JSON.parse(row.payload) as unknown,
  occurredAt: row.created_at,
  cause: row.cause === null ? null : (JSON.parse(row.cause) as unknown),
});

/**
 * The next batch after the cursor, in (transaction id, id) order, and on PostgreSQL only from
 * transactions older than every running one of this database (`horizon`), so none can commit
 * behind the cursor. Two index ranges rather than one OR: SQLite walked the whole index for
 * `tx_id > ? OR (tx_id = ? AND id > ?)`, a cost that grew with every stored event. SQLite writes
 * tx_id 0 only, so the second range is PostgreSQL's, where both go in one statement (UNION ALL):
 * the first range is nearly always empty, and the second read was a round trip of its own.
 */
export async function eventsAfter(db: Db, dialect: Dialect, batchSize: number, cursor: EventPosition): Promise<EventRow[]> {
  if (dialect === 'postgres') return eventsAfterOnPostgres.execute(db, { tx: cursor.tx, id: cursor.id, limit: batchSize });
  return eventsInTx.execute(db, { tx: cursor.tx, id: cursor.id, limit: batchSize });
}

export const positionOf = (row: EventRow): EventPosition => ({ tx: Number(row.tx_id), id: row.id });

/** Whether position `a` comes after `b` in delivery order. */
export const isAfter = (a: EventPosition, b: EventPosition): boolean => a.tx > b.tx || (a.tx === b.tx && a.id > b.id);

/**
 * The dispatcher's reads of the outbox, shared by its subscribers. A batch holds every event
 * between the cursor it was read after and its last row (eventsAfter reads a gap-free prefix,
 * on PostgreSQL too), so a subscriber whose cursor lies inside the last batch takes the rest of
 * it from here: the subscribers move together, and each used to read the same rows again (a
 * twelfth of the reads under steady creation). Loops that a commit woke together and that stand
 * at the same cursor share the one read under way (one ticket at a time on PostgreSQL: 6.2 reads
 * per ticket before).
 */
export class SharedEventReads {
  private last: { after: EventPosition; rows: EventRow[] } | undefined;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly batchSize: number,
  ) {}

  /** Reads under way, by the cursor they read after: loops woken together wait for one read. */
  private readonly reading = new Map<string, Promise<EventRow[]>>();

  async after(cursor: EventPosition): Promise<EventRow[]> {
    const last = this.last;
    if (last && !isAfter(last.after, cursor)) {
      const next = last.rows.findIndex((row) => isAfter(positionOf(row), cursor));
      if (next >= 0) return last.rows.slice(next);
    }
    const key = `${cursor.tx}:${cursor.id}`;
    let read = this.reading.get(key);
    if (!read) {
      read = eventsAfter(this.db, this.dialect, this.batchSize, cursor).then((rows) => {
        if (rows.length > 0) this.last = { after: cursor, rows };
        return rows;
      });
      this.reading.set(key, read);
      const done = () => void this.reading.delete(key);
      read.then(done, done);
    }
    // Each caller its own array (the rows themselves are only read).
    return (await read).slice();
  }
}

/**
 * The newest stored event, read once for all of a dispatcher's subscriber loops until the next
 * wake-up: a poke (a commit here, a NOTIFY from another process) or a loop's idle timer (commits
 * of other processes on SQLite, which send no poke), and the next look reads again. An idle timer
 * counts only when the last read is half a poll interval old: the loops' timers run out one after
 * another, and each used to read again (twelve reads a poll interval, idle).
 */
export class NewestEvent {
  private wakeUps = 0;
  private last: { wakeUps: number; at: number; promise: Promise<EventPosition | undefined> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly idleMs: number,
  ) {}

  wake(): void {
    this.wakeUps++;
  }

  idleTimerRanOut(): void {
    if (!this.last || Date.now() - this.last.at >= this.idleMs / 2) this.wakeUps++;
  }

  read(): Promise<EventPosition | undefined> {
    if (this.last?.wakeUps !== this.wakeUps) {
      const last = { wakeUps: this.wakeUps, at: Date.now(), promise: newestEvent(this.db) };
      this.last = last;
      // A failed read is not kept.
      last.promise.catch(() => {
        if (this.last === last) this.last = undefined;
      });
    }
    return this.last!.promise;
  }
}

/** The position of the newest stored event, if any. */
export async function newestEvent(db: Db): Promise<EventPosition | undefined> {
  const row = await newestRow.takeFirst(db, {});
  return row ? { tx: Number(row.tx_id), id: Number(row.id) } : undefined;
}

/** Asked several times per stored event by the dispatcher's subscribers (mayHaveNews). */
const newestRow = prepared((db) => db.selectFrom('domain_events').select(['tx_id', 'id']).orderBy('tx_id', 'desc').orderBy('id', 'desc').limit(1));

/** A subscriber that has not moved for this long is not counted as working (removed from the code, or stuck). */
const WORKING_WITHIN_MS = 5 * 60_000;

/**
 * How many domain events the slowest subscriber is behind, by id distance (0 when every cursor
 * is at the newest event in delivery order: on PostgreSQL the highest id need not come last).
 * `workingOnly`: leave out subscribers waiting for a retry and those that have not moved for
 * five minutes (a subscriber failing for hours has its own alarm in event_failures).
 */
export async function eventBacklog(db: Db, options: { workingOnly?: boolean } = {}): Promise<number> {
  const last = await newestEvent(db);
  if (!last) return 0;
  const top = await db
    .selectFrom('domain_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const cursors = await db
    .selectFrom('event_subscriptions')
    .select(['last_tx_id', 'last_event_id'])
    .$if(options.workingOnly === true, (qb) => qb.where('retry_at', 'is', null).where('updated_at', '>=', new Date(Date.now() - WORKING_WITHIN_MS).toISOString()))
    .execute();
  const behind = cursors.filter((c) => Number(c.last_tx_id) !== last.tx || Number(c.last_event_id) !== last.id).map((c) => Math.max(1, Number(top?.id ?? 0) - Number(c.last_event_id)));
  return Math.max(0, ...behind);
}

/**
 * PostgreSQL: the lowest transaction id that may still commit events here, from the statement's
 * own snapshot: its oldest running transaction (else the next id), leaving out those that
 * pg_stat_activity shows in another database. Transaction ids belong to the whole cluster, so
 * the snapshot's xmin alone (as before) let a transaction left open in any other database (another
 * application on a shared server, another test file's) stop every event here until it ended.
 * Only what is known to be elsewhere is left out: a transaction that ended between the snapshot
 * and the read of pg_stat_activity still counts, which only waits longer (pg_stat_activity shows
 * every session's database and transaction id to any role, other roles' too). It is read only
 * when the snapshot has running transactions at all.
 */
const horizon = sql<number>`(SELECT coalesce(
    (SELECT min(x) FROM pg_snapshot_xip(s) AS x
      WHERE x::xid NOT IN (SELECT backend_xid FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database())),
    pg_snapshot_xmax(s))::text::bigint
  FROM pg_current_snapshot() AS s)`;

/** SQLite: the rest of the cursor's transaction (SQLite writes tx_id 0 only, see eventsAfter). */
const eventsInTx = prepared<{ tx: number; id: number; limit: number }, EventRow>((db, p) =>
  db.selectFrom('domain_events').selectAll().where('tx_id', '=', p.tx).where('id', '>', p.id).orderBy('id').limit(p.limit),
);
const eventsAfterOnPostgres = prepared<{ tx: number; id: number; limit: number }, EventRow>((db, p) => {
  const query = sql<EventRow>`WITH horizon AS MATERIALIZED (SELECT ${horizon} AS tx) SELECT * FROM (
    (SELECT * FROM domain_events WHERE tx_id = ${p.tx} AND id > ${p.id} AND tx_id < (SELECT tx FROM horizon) ORDER BY id LIMIT ${p.limit})
    UNION ALL
    (SELECT * FROM domain_events WHERE tx_id > ${p.tx} AND tx_id < (SELECT tx FROM horizon) ORDER BY tx_id, id LIMIT ${p.limit})
  ) AS after_cursor ORDER BY tx_id, id LIMIT ${p.limit}`;
  return { compile: () => query.compile(db) };
});
