import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Db, Dialect, Executor } from '../../platform/db/database.ts';
import { stems, tokenize } from '../../platform/search/normalise.ts';
import { PRIORITY_RANK } from '../../../shared/enums.ts';
import { type DemoDirectory, ensureDemoDirectory } from './demo-directory.ts';
import { DemoRandom } from './demo-random.ts';
import { type PlannedTicket, planTicket } from './plan-ticket.ts';
import { scopeTokens, settleTicketIndex } from '../../modules/tickets/ticket-index.ts';
import { recordSearchWords } from '../../modules/tickets/search-words.ts';
import { refreshReportFactsBetween } from '../../modules/reports/report-facts.ts';
import { keepRecentSearchIndex } from '../../modules/tickets/recent-search-index.ts';
import { vacuumAfterBulkLoad } from '../../platform/db/vacuum-after-bulk-load.ts';

export interface LoadTicketsOptions {
  /** People, teams and categories to use; created (or found) when not given. */
  directory?: DemoDirectory;
  seed?: number;
  /** Tickets are spread evenly over this many months before `now`. */
  months?: number;
  now?: Date;
  /** Tickets per batch of multi-row inserts. */
  batchSize?: number;
  /** Batches per transaction. */
  batchesPerTransaction?: number;
  onProgress?: (loaded: number) => void;
  /**
   * The raw SQLite connection behind `db` (DatabaseHandle.sqlite). With it, rows go through
   * cached prepared statements instead of Kysely's query builder, several times faster.
   */
  sqlite?: SQLite.Database | undefined;
}

export interface LoadTicketsResult {
  tickets: number;
  messages: number;
  events: number;
  firstTicketId: number | null;
  lastTicketId: number | null;
  ms: number;
}

/** Stays below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement. */
const MAX_PARAMETERS = 30_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Index text per message is cached: demo texts come from templates and repeat, and stemming
 * is the costliest part of indexing. The output equals indexText() in server/platform/search/normalise.ts.
 */
const stemCache = new Map<string, string>();
const textCache = new Map<string, string>();
function indexTextCached(text: string): string {
  const cached = textCache.get(text);
  if (cached !== undefined) return cached;
  const out: string[] = [];
  for (const token of tokenize(text)) {
    let s = stemCache.get(token);
    if (s === undefined) {
      s = stems(token).join(' ');
      if (stemCache.size < 100_000) stemCache.set(token, s);
    }
    out.push(s);
  }
  const result = out.join(' ');
  if (textCache.size < 50_000) textCache.set(text, result);
  return result;
}

/** Ids for n new rows. PostgreSQL takes them from the sequence, so concurrent writers stay safe. */
async function reserveIds(db: Executor, dialect: Dialect, table: 'tickets' | 'messages', n: number): Promise<number[]> {
  if (n === 0) return [];
  if (dialect === 'postgres') {
    const { rows } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::integer AS id FROM generate_series(1, ${n})`.execute(db);
    return rows.map((r) => r.id);
  }
  // Inside the write transaction nobody else writes; AUTOINCREMENT never reuses an id, so start after both.
  const { rows } = await sql<{ base: number }>`SELECT max(
      coalesce((SELECT seq FROM sqlite_sequence WHERE name = ${table}), 0),
      coalesce((SELECT max(id) FROM ${sql.table(table)}), 0)) AS base`.execute(db);
  const base = Number(rows[0]?.base ?? 0);
  return Array.from({ length: n }, (_, i) => base + i + 1);
}

type Value = string | number | null;

/** Inserts rows of one table in multi-row statements. */
interface RowWriter {
  insert(table: 'tickets' | 'messages' | 'ticket_tags' | 'ticket_events' | 'search', columns: readonly string[], rows: Value[][]): Promise<void>;
}

function chunkSize(columns: number): number {
  return Math.min(2000, Math.max(1, Math.floor(MAX_PARAMETERS / columns)));
}

/** Through Kysely: works on both databases, inside the given transaction. */
function kyselyWriter(trx: Executor, dialect: Dialect): RowWriter {
  return {
    async insert(table, columns, rows) {
      const size = chunkSize(columns.length);
      for (let i = 0; i < rows.length; i += size) {
        const part = rows.slice(i, i + size);
        if (table === 'search') {
          const values = dialect === 'sqlite' ? part.map((r) => sql`(${r[0]}, ${r[1]}, ${r[2]})`) : part.map((r) => sql`(${r[0]}, to_tsvector('simple', ${r[1]}), to_tsvector('simple', ${r[2]}))`);
          const target = dialect === 'sqlite' ? sql`ticket_fts (rowid, public_text, internal_text)` : sql`ticket_search (ticket_id, public_doc, internal_doc)`;
          await sql`INSERT INTO ${target} VALUES ${sql.join(values)}`.execute(trx);
        } else {
          const objects = part.map((r) => Object.fromEntries(columns.map((c, j) => [c, r[j]])));
          await trx
            .insertInto(table)
            .values(objects as never)
            .execute();
        }
      }
    },
  };
}

/** Straight to better-sqlite3 with one cached statement per table and chunk size. */
function sqliteWriter(connection: SQLite.Database): RowWriter {
  const statements = new Map<string, SQLite.Statement>();
  return {
    async insert(table, columns, rows) {
      const size = chunkSize(columns.length);
      for (let i = 0; i < rows.length; i += size) {
        const part = rows.slice(i, i + size);
        const key = `${table}:${part.length}`;
        let statement = statements.get(key);
        if (!statement) {
          const target = table === 'search' ? 'ticket_fts (rowid, public_text, internal_text)' : `${table} (${columns.join(', ')})`;
          const tuple = `(${columns.map(() => '?').join(', ')})`;
          statement = connection.prepare(`INSERT INTO ${target} VALUES ${Array.from({ length: part.length }, () => tuple).join(', ')}`);
          statements.set(key, statement);
        }
        statement.run(part.flat());
      }
    },
  };
}

const TICKET_COLUMNS = [
  'id',
  'subject',
  'status',
  'priority',
  'priority_rank',
  'requester_id',
  'organisation_id',
  'group_id',
  'assignee_id',
  'category_id',
  'channel',
  'version',
  'created_at',
  'updated_at',
  'resolved_at',
  'closed_at',
] as const;
const MESSAGE_COLUMNS = ['id', 'ticket_id', 'author_id', 'internal', 'body', 'body_html', 'created_at'] as const;
const EVENT_COLUMNS = ['ticket_id', 'actor_id', 'kind', 'field', 'old_value', 'new_value', 'internal', 'created_at'] as const;

/** Writes one batch of planned tickets with every row the commands would write. */
async function writeBatch(trx: Executor, dialect: Dialect, writer: RowWriter, plans: PlannedTicket[]): Promise<{ ids: number[]; messages: number; events: number }> {
  const ticketIds = await reserveIds(trx, dialect, 'tickets', plans.length);
  const messageIds = await reserveIds(
    trx,
    dialect,
    'messages',
    plans.reduce((n, p) => n + p.messages.length, 0),
  );
  const tickets: Value[][] = [];
  const messages: Value[][] = [];
  const events: Value[][] = [];
  const tags: Value[][] = [];
  const search: Value[][] = [];
  let nextMessage = 0;
  plans.forEach((p, i) => {
    const ticketId = ticketIds[i]!;
    tickets.push([
      ticketId,
      p.subject,
      p.status,
      p.priority,
      PRIORITY_RANK[p.priority],
      p.requesterId,
      p.organisationId,
      p.groupId,
      p.assigneeId,
      p.categoryId,
      p.channel,
      p.version,
      iso(p.createdAt),
      iso(p.updatedAt),
      p.resolvedAt === null ? null : iso(p.resolvedAt),
      p.closedAt === null ? null : iso(p.closedAt),
    ]);
    const ids = p.messages.map(() => messageIds[nextMessage++]!);
    p.messages.forEach((m, j) => messages.push([ids[j]!, ticketId, m.authorId, m.internal ? 1 : 0, m.body, null, iso(m.at)]));
    for (const e of p.events) {
      const newValue = e.messageIndex === undefined ? (e.newValue ?? null) : String(ids[e.messageIndex]);
      events.push([ticketId, e.actorId, e.kind, e.field ?? null, e.oldValue ?? null, newValue, e.internal ? 1 : 0, iso(e.at)]);
    }
    for (const tag of p.tags) tags.push([ticketId, tag]);
    const pub = [scopeTokens({ requesterId: p.requesterId, organisationId: p.organisationId }), ...[p.subject, ...p.messages.filter((m) => !m.internal).map((m) => m.body)].map(indexTextCached)].join(
      ' ',
    );
    const internal = p.messages
      .filter((m) => m.internal)
      .map((m) => indexTextCached(m.body))
      .join(' ');
    search.push([ticketId, pub, internal]);
  });

  await writer.insert('tickets', TICKET_COLUMNS, tickets);
  await writer.insert('messages', MESSAGE_COLUMNS, messages);
  await writer.insert('ticket_tags', ['ticket_id', 'tag'], tags);
  await writer.insert('ticket_events', EVENT_COLUMNS, events);
  await writer.insert('search', ['ticket_id', 'public_text', 'internal_text'], search);
  await recordSearchWords(
    trx,
    search.map(([id, pub, internal]) => ({ id: Number(id), pub: String(pub), internal: String(internal) })),
  );
  return { ids: ticketIds, messages: messages.length, events: events.length };
}

/**
 * Bulk-loads `count` realistic tickets with conversations, tags, history and search index rows,
 * spread over the last months: the same rows createTicket/addMessage/updateTicket write, but
 * in multi-row inserts inside transactions, for demo installations and benchmarks.
 */
export async function loadTickets(db: Db, dialect: Dialect, count: number, options: LoadTicketsOptions = {}): Promise<LoadTicketsResult> {
  const started = performance.now();
  const directory = options.directory ?? (await ensureDemoDirectory(db));
  const rng = new DemoRandom(options.seed ?? 1);
  const now = (options.now ?? new Date()).getTime();
  const span = (options.months ?? 12) * 30.4 * 86_400_000;
  const batchSize = options.batchSize ?? 500;
  const perTransaction = options.batchesPerTransaction ?? (dialect === 'sqlite' ? 20 : 4);
  const result: LoadTicketsResult = { tickets: 0, messages: 0, events: 0, firstTicketId: null, lastTicketId: null, ms: 0 };

  const fastWriter = dialect === 'sqlite' && options.sqlite ? sqliteWriter(options.sqlite) : undefined;
  let done = 0;
  while (done < count) {
    await db.transaction().execute(async (trx) => {
      const writer = fastWriter ?? kyselyWriter(trx, dialect);
      for (let b = 0; b < perTransaction && done < count; b++) {
        const n = Math.min(batchSize, count - done);
        const plans: PlannedTicket[] = [];
        for (let i = 0; i < n; i++) {
          // Creation time grows with the id, as it does when tickets come in one by one.
          const createdAt = now - span + ((done + i + rng.next()) / count) * (span - 3_600_000);
          plans.push(planTicket(rng, directory, Math.floor(createdAt), now));
        }
        const written = await writeBatch(trx, dialect, writer, plans);
        result.firstTicketId ??= written.ids[0] ?? null;
        result.lastTicketId = written.ids[written.ids.length - 1] ?? result.lastTicketId;
        result.messages += written.messages;
        result.events += written.events;
        done += n;
      }
    });
    options.onProgress?.(done);
  }
  await settleTicketIndex(db, dialect);
  // The loader writes the tables directly (no events), so the reports' facts are filled here,
  // after the statistics were refreshed: planned without them, PostgreSQL walks every ticket's
  // status changes through the wrong index.
  if (result.firstTicketId !== null && result.lastTicketId !== null) await refreshReportFactsBetween(db, result.firstTicketId, result.lastTicketId);
  // Fold the write-ahead log into the database now: left for later, the first writes of the
  // serving process would pay for checkpointing all of it.
  if (dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  await vacuumAfterBulkLoad(db, dialect);
  // The search index of the newest tickets, which the worker would otherwise build within its first minute.
  await keepRecentSearchIndex(db);
  result.tickets = done;
  result.ms = performance.now() - started;
  return result;
}
