import { sql } from 'kysely';
import type { Db, Executor } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import { whileHoldingAdvisoryLock } from '../../platform/db/advisory-lock.ts';
import type { JobRegistrar } from '../../platform/worker-role.ts';
import { repeatInBackground } from '../../platform/jobs/periodic.ts';

/**
 * A second GIN index on PostgreSQL over the search documents of the newest tickets only, for the
 * window probes of an agent's relevance search and similar tickets (pg-narrowing.ts,
 * narrowToRecent). Such a probe asks for the matches above a ticket id; from the index of all
 * tickets PostgreSQL collects every match of the words in the whole table into a bitmap first
 * (a new bitmap page entry for nearly every match) and only then intersects it with the window.
 * At 1,000,000 demo tickets "printer" has 16,327 matches: collecting them took 11–12 ms of the
 * probe's 21.8 ms, for the 1,587 in the window. The same index over the newest 100,000 tickets
 * found those in 0.2 ms (the probe 2.5 ms).
 *
 * PostgreSQL takes a partial index wherever the query's condition implies the index's: a probe
 * whose window lies above the index's floor writes that condition out (`inWindow` in
 * pg-narrowing.ts, which reads the floor with recentIndexFloor); a larger window and every other
 * search use the index of all tickets. The floor is a constant of the index, so the index
 * moves: below `from` search documents there is none; above, it covers the newest `span` to
 * `span + 2 × step` tickets, and once more have come it is built anew higher up
 * (CREATE INDEX CONCURRENTLY, writes go on) and the old one dropped. Its name holds its floor.
 * An object so that a test can make it move on a few dozen tickets.
 */
export const recentSearchIndex = { from: 400_000, span: 200_000, step: 100_000 };

const PREFIX = 'ticket_search_recent_';
const floorOf = (name: string) => Number(name.slice(PREFIX.length));
/** Only one process moves the index at a time (an advisory lock of the session). */
const LOCK_KEY = 0x616e_6c01;
/** How often a worker looks whether the index should move. */
export const KEEP_RECENT_SEARCH_INDEX_EVERY_MS = 60 * 60_000;

export interface RecentSearchIndexChange {
  /** The index built, if one was. */
  built?: string;
  /** The indexes dropped: the one it replaced, or one a failed build left invalid. */
  dropped: string[];
}

/**
 * The floor of the index of the newest tickets, or undefined where there is none (a look at the
 * catalogue, about 0.1 ms: asked only where the table is large enough to have one).
 */
export async function recentIndexFloor(db: Executor): Promise<number | undefined> {
  const floors = (await recentIndexes(db)).filter((index) => index.valid).map((index) => floorOf(index.name));
  return floors.length > 0 ? Math.max(...floors) : undefined;
}

/** The indexes of the newest tickets there are, and whether each is valid (a build that failed half-way leaves an invalid one). */
async function recentIndexes(db: Executor): Promise<Array<{ name: string; valid: boolean }>> {
  const { rows } = await sql<{ name: string; valid: boolean }>`SELECT c.relname AS name, i.indisvalid AS valid
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = 'ticket_search'::regclass AND c.relname LIKE ${`${PREFIX}%`}`.execute(db);
  return rows.filter((row) => Number.isSafeInteger(floorOf(row.name)));
}

/** The floor the newest ticket id asks for, or undefined where the table is small. */
export function wantedFloor(newest: number): number | undefined {
  const { from, span, step } = recentSearchIndex;
  if (newest < from) return undefined;
  return Math.max(0, Math.floor((newest - span) / step) * step);
}

/**
 * Builds, moves or drops the index of the newest tickets as the table asks (PostgreSQL only;
 * nothing on SQLite, whose full-text index has no such cost). Returns what changed; nothing
 * while another process holds the lock.
 */
export async function keepRecentSearchIndex(db: Db): Promise<RecentSearchIndexChange> {
  const change: RecentSearchIndexChange = { dropped: [] };
  if (dialectOf(db) !== 'postgres') return change;
  return whileHoldingAdvisoryLock(db, LOCK_KEY, change, async (connection) => {
    const { rows } = await sql<{ newest: number | null }>`SELECT max(ticket_id) AS newest FROM ticket_search`.execute(connection);
    const wanted = wantedFloor(Number(rows[0]?.newest ?? 0));
    const existing = await recentIndexes(connection);
    const current = existing.filter((index) => index.valid).sort((a, b) => floorOf(b.name) - floorOf(a.name))[0];
    const keep = wanted === undefined ? undefined : current && floorOf(current.name) >= wanted - recentSearchIndex.step ? current.name : `${PREFIX}${wanted}`;
    if (keep !== undefined && keep !== current?.name) {
      // A build that failed half-way (a crash, a cancel) leaves an invalid index of the same name.
      if (existing.some((index) => index.name === keep)) await dropIndex(connection, keep);
      await sql`CREATE INDEX CONCURRENTLY ${sql.id(keep)} ON ticket_search USING gin ((public_doc || internal_doc))
        WITH (gin_pending_list_limit = 256) WHERE ticket_id > ${sql.lit(floorOf(keep))}`.execute(connection);
      change.built = keep;
    }
    for (const index of existing) {
      if (index.name === keep || change.dropped.includes(index.name)) continue;
      await dropIndex(connection, index.name);
      change.dropped.push(index.name);
    }
    return change;
  });
}

async function dropIndex(db: Db, name: string): Promise<void> {
  await sql`DROP INDEX CONCURRENTLY IF EXISTS ${sql.id(name)}`.execute(db);
}

/**
 * The worker looks at its start and hourly: a million tickets come over months, so the index
 * moves rarely; a build at 1,000,000 tickets took 8 s (demo data, 2026-12-03).
 */
export const registerRecentSearchIndex: JobRegistrar = (_runner, ctx) => {
  if (ctx.database.dialect !== 'postgres') return;
  return repeatInBackground(
    async () => {
      const change = await keepRecentSearchIndex(ctx.database.db);
      if (change.built || change.dropped.length > 0) ctx.log.info(change, 'moved the search index of the newest tickets');
    },
    { everyMs: KEEP_RECENT_SEARCH_INDEX_EVERY_MS, atStart: true, onError: (error) => ctx.log.warn({ err: error }, 'could not keep the search index of the newest tickets') },
  );
};
