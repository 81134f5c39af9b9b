import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import { beforeCommit } from '../../platform/db/before-commit.ts';
import type { Dialect, Executor } from '../../platform/db/database.ts';
import { indexText, isStopword, queryTerms } from '../../platform/search/normalise.ts';
import { expandedTermQueries, insertWordsOf, lexeme } from './search-words.ts';

/**
 * The ticket search index: one row per ticket with a public document (subject, public replies)
 * and an internal one (internal notes). SQLite uses FTS5, PostgreSQL tsvector + GIN over the
 * same pre-processed text, so both find the same tickets.
 *
 * The public document starts with the ticket's scope (scopeTokens): its requester and its
 * organisation as words nobody can type. A requester's search adds "and one of my scopes" to
 * its words, so FTS5 and the GIN index intersect the word's matches with the tickets the
 * requester may see inside the index, instead of the database testing every ticket of a large
 * organisation (PostgreSQL: 500 ms at 1,000,000 tickets). The scope filter of the query stays
 * (visibleTickets): the tokens only narrow, they never grant.
 */

/** Who may see a ticket in the portal: a ticket's requester and organisation never change. */
export interface TicketScope {
  requesterId: number;
  organisationId: number | null;
}

/**
 * The scope as index words. They start with ß, which folding turns into "ss" in every indexed
 * text and every query (normalise.ts), so no typed word or prefix ever matches them.
 */
export function scopeTokens(scope: TicketScope): string {
  return scope.organisationId === null ? `ßr${scope.requesterId}` : `ßr${scope.requesterId} ßo${scope.organisationId}`;
}

export async function indexNewTicket(db: Executor, ticketId: number, scope: TicketScope, publicText: string, internalText = ''): Promise<void> {
  const dialect = dialectOf(db);
  const pub = `${scopeTokens(scope)} ${indexText(publicText)}`;
  const internal = indexText(internalText);
  if (dialect === 'sqlite') {
    // At the end of a group-commit batch (platform/db/before-commit.ts): one segment per batch.
    await beforeCommit(db, () => sql`INSERT INTO ticket_fts (rowid, public_text, internal_text) VALUES (${ticketId}, ${pub}, ${internal})`.execute(db));
  } else {
    // The document and its words (search-words.ts) in one statement.
    await sql`WITH doc AS (SELECT to_tsvector('simple', ${pub}) AS public_doc, to_tsvector('simple', ${internal}) AS internal_doc),
      indexed AS (INSERT INTO ticket_search (ticket_id, public_doc, internal_doc) SELECT ${ticketId}, public_doc, internal_doc FROM doc)
      ${insertWordsOf(sql`(SELECT public_doc || internal_doc FROM doc)`)}`.execute(db);
  }
}

/** Adds text (a new message, a changed subject) to a ticket's index row. */
export async function appendToTicketIndex(db: Executor, ticketId: number, text: string, internal: boolean): Promise<void> {
  const dialect = dialectOf(db);
  const add = indexText(text);
  if (!add) return;
  if (dialect === 'sqlite') {
    // In order with the ticket's insert, which may wait for the batch's end (before-commit.ts).
    if (internal) await beforeCommit(db, () => sql`UPDATE ticket_fts SET internal_text = internal_text || ' ' || ${add} WHERE rowid = ${ticketId}`.execute(db));
    else await beforeCommit(db, () => sql`UPDATE ticket_fts SET public_text = public_text || ' ' || ${add} WHERE rowid = ${ticketId}`.execute(db));
  } else {
    const column = internal ? sql`internal_doc` : sql`public_doc`;
    await sql`WITH added AS (SELECT to_tsvector('simple', ${add}) AS doc),
      indexed AS (UPDATE ticket_search SET ${column} = ${column} || (SELECT doc FROM added) WHERE ticket_id = ${ticketId})
      ${insertWordsOf(sql`(SELECT doc FROM added)`)}`.execute(db);
  }
}

export interface TicketMatch {
  /** Joins the index to a tickets query and keeps the matching tickets. */
  apply<QB>(qb: QB): QB;
  /** Relevance after `apply`: lower is better on both databases. */
  score: RawBuilder<number>;
  /** Newest-first order after `apply` that the index itself can deliver (same values as tickets.id). */
  idOrder: RawBuilder<number>;
  /**
   * The same match, made cheap to plan where few tickets match (see narrowMatch). Resolves to
   * this match itself where nothing needs narrowing. `ranking`: how many of the newest matches
   * a ranking query ranks, and the statuses it keeps if not all (see narrowToRecent).
   */
  narrow(db: Executor, ranking?: Ranking): Promise<TicketMatch>;
}

export interface Ranking {
  candidates: number;
  statuses?: string[];
}

/**
 * Up to this many matching tickets, PostgreSQL is handed their ids instead of the text match
 * (an agent's search, newest first), and more on a large table (fewMatchesFor).
 */
const FEW_MATCHES = 1000;
/** The most matches handed as ids however large the table (see fewMatchesFor). */
const FEW_MATCHES_MAX = 5000;

/**
 * Where the planner estimates this many times FEW_MATCHES, the word is common beyond doubt: its
 * estimates come from the most common words of each column's statistics, so a rare word is
 * never estimated this high (at 1,000,000 tickets: "druck:*" 375,000 for 117,000 true matches,
 * "drucker" 101,000; a word outside the statistics, found or not, 3,952).
 */
const COMMON_ESTIMATE = 20;

/**
 * Where the planner estimates this many times the "few" limit, the probe for few matches asks
 * the public text first (see narrowMatch). Below it both probes take the GIN index's matches as
 * a bitmap and cost the same, and a rare word's estimate is often above the limit: a word outside
 * the statistics is estimated at 3,952–4,068 at 1,000,000 tickets (the limit there is 4,000),
 * and a prefix's words add up ("Plotter": plott | plotter, 8,120 for 1,969 true matches), so the
 * public probe read all 1,969 before the probe that counts read them again (4.6 ms each).
 */
const PUBLIC_PROBE_ESTIMATE = 4;

/** A requester's search: the scope tokens of the tickets they may see (see scopeTokens). */
export interface RequesterScope {
  id: number;
  organisationId: number | null;
}

/**
 * The same for agents' queries that rank the newest matches (relevance, similar tickets). Those
 * walk newest first until enough visible matches are found, which for a word in a few percent of
 * the tickets is most of the table (200 ms at 100,000 tickets), while fetching every match from
 * the GIN index costs a few microseconds per match: so they take the ids up to this many.
 */
const FEW_MATCHES_TO_RANK = 5000;

/**
 * A requester's match holds their scope, so its matches are mostly few (at most the tickets of
 * their organisation that hold the word) and their ids are the cheaper way up to this many.
 * Beyond it the query walks their tickets newest first, looking each one's document up, and the
 * walk is short: it passes about 26 × tickets / matches tickets for a page (13,000 at most at
 * 1,000,000 tickets, a few milliseconds), while the probe fetches each match from the table
 * (about 3 µs each). A customer of an organisation with 49,572 tickets searching "order" (24,126
 * matches) at 1,000,000 tickets: 21.8–22.5 ms p50 with 5,000, 18.6–19.3 with 2,000. An object so
 * that a test can make a requester's search walk on a few tickets. Their ranking queries
 * (relevance, similar tickets) need hundreds of candidates, not a page, and keep
 * FEW_MATCHES_TO_RANK.
 */
export const requesterFewMatches = { limit: 2000 };

/**
 * Builds the match for a query, or undefined when the text holds no searchable word.
 * `mode: 'all'` needs every word (search); `'any'` needs one meaningful word and ranks by how
 * many match (similar tickets). Requesters search only the public document. `purpose` is for
 * queries that rank the newest matches (see FEW_MATCHES_TO_RANK): `'rank'` (relevance) or
 * `'suggest'` (similar tickets, which walk only the open tickets).
 */
export function matchTickets(dialect: Dialect, text: string, includeInternal: boolean, mode: 'all' | 'any' = 'all', purpose?: 'rank' | 'suggest', requester?: RequesterScope): TicketMatch | undefined {
  let terms = queryTerms(text);
  if (mode === 'any') terms = terms.filter((t) => !t.alternatives.every(isStopword));
  if (terms.length === 0) return undefined;
  const scopes = requester ? scopeTokens({ requesterId: requester.id, organisationId: requester.organisationId }).split(' ') : [];
  if (dialect === 'sqlite') {
    const joiner = mode === 'all' ? ' AND ' : ' OR ';
    const expr = terms.map((t) => `(${t.alternatives.map((a) => `"${a}"${t.prefix ? '*' : ''}`).join(' OR ')})`).join(joiner);
    const scoped = scopes.length > 0 ? `(${expr}) AND (${scopes.map((s) => `"${s}"`).join(' OR ')})` : expr;
    const match = includeInternal ? scoped : `public_text : (${scoped})`;
    const sqliteMatch: TicketMatch = {
      // Joining (rather than "id IN (…)") lets FTS5 walk its matches newest first and stop early.
      apply: <QB>(qb: QB) =>
        (qb as unknown as AnyJoinable).innerJoin(sql`ticket_fts`.as('ticket_fts'), (join) => join.on(sql`ticket_fts.rowid = tickets.id`)).where(sql<SqlBool>`ticket_fts MATCH ${match}`) as QB,
      score: sql<number>`bm25(ticket_fts)`,
      idOrder: sql<number>`ticket_fts.rowid`,
      narrow: async () => sqliteMatch,
    };
    return sqliteMatch;
  }
  // The prefix being typed is expanded into the words that begin with it when the match is
  // narrowed (search-words.ts): every PostgreSQL search narrows before it runs.
  const termQueries = terms.map((t) => `(${t.alternatives.map((a) => `${lexeme(a)}${t.prefix ? ':*' : ''}`).join(' | ')})`);
  const spec: PgMatchSpec = { includeInternal, mode, scopes, purpose, requester: requester !== undefined };
  const unexpanded = pgTicketMatch(termQueries, spec);
  if (!terms.some((t) => t.prefix)) return unexpanded;
  return { ...unexpanded, narrow: async (db, ranking) => pgTicketMatch(await expandedTermQueries(db, terms), spec).narrow(db, ranking) };
}

interface PgMatchSpec {
  includeInternal: boolean;
  mode: 'all' | 'any';
  scopes: string[];
  purpose: 'rank' | 'suggest' | undefined;
  requester: boolean;
}

/** PostgreSQL's match for the terms' tsquery operands (see matchTickets). */
function pgTicketMatch(termQueries: string[], { includeInternal, mode, scopes, purpose, requester }: PgMatchSpec): TicketMatch {
  const joiner = mode === 'all' ? ' & ' : ' | ';
  const query = termQueries.join(joiner);
  const doc = includeInternal ? sql`(ticket_search.public_doc || ticket_search.internal_doc)` : sql`ticket_search.public_doc`;
  // A requester's scope is a second condition on the same index rather than part of one query:
  // GIN then takes the two as keys that must both hold and skips through the postings of the
  // words by those of the scope, where one query "(words) & (scopes)" is tested as a whole for
  // every posting (a customer's organisation of 49,572 tickets against the 117,797 of the seven
  // words beginning with "druck", at 1,000,000 tickets: 11 ms instead of 22 for the index scan,
  // and that customer's search for "Drucker" 26.5–26.8 → 14.8–16.1 ms p50 in `bench:existing`).
  const inScope = scopes.length > 0 ? sql` AND ${doc} @@ to_tsquery('simple', ${scopes.map(lexeme).join(' | ')})` : sql``;
  const matches = sql<SqlBool>`(${doc} @@ to_tsquery('simple', ${query})${inScope})`;
  // Where the query walks rows (newest first) and tests each, joining the public and internal
  // documents first costs several times testing each: so a word counts when either document
  // holds it, which is the same match (the GIN index, used by narrowMatch, needs the joined form).
  const inEither = (q: string) => sql<SqlBool>`(ticket_search.public_doc @@ to_tsquery('simple', ${q}) OR ticket_search.internal_doc @@ to_tsquery('simple', ${q}))`;
  const rowTest = !includeInternal ? matches : mode === 'any' ? inEither(query) : sql<SqlBool>`(${sql.join(termQueries.map(inEither), sql` AND `)})`;
  // A walk over a small share of the tickets (the open ones, a requester's own) must look up
  // each one's documents: as a plain join PostgreSQL walks the whole search table alongside
  // instead (a merge join), the better plan only where most tickets qualify, or for a requester
  // it collects every match of the word in their scope from the GIN index and sorts them: a
  // customer of an organisation with 49,572 tickets searching "order" (24,126 matches) took
  // 94 ms that way at 1,000,000 tickets and 1.9 ms walking her scope newest first. A requester
  // walks only where their matches are many (narrowMatch), so the walk is short.
  const perRowIndex = sql`LATERAL (SELECT public_doc, internal_doc FROM ticket_search WHERE ticket_search.ticket_id = tickets.id OFFSET 0)`;
  const perRow = purpose === 'suggest' || requester || (purpose === 'rank' && !includeInternal);
  const pgMatch = (ids?: number[]): TicketMatch => ({
    // Handed ids are the matches already (the index found them): they need no test again.
    apply: <QB>(qb: QB) => {
      const joined = (qb as unknown as AnyJoinable).innerJoin((perRow && !ids ? perRowIndex : sql`ticket_search`).as('ticket_search'), (join) =>
        join.on(perRow && !ids ? sql`true` : sql`ticket_search.ticket_id = tickets.id`),
      );
      return joined.where(ids ? sql<SqlBool>`tickets.id = ANY(${ids})` : rowTest) as QB;
    },
    score: sql<number>`(-ts_rank(${doc}, to_tsquery('simple', ${query})))::float8`,
    idOrder: sql<number>`tickets.id`,
    narrow: async (db, ranking) =>
      purpose && includeInternal && !requester && ranking
        ? narrowToRecent(db, ranking, matches, pgMatch)
        : narrowMatch(
            db,
            purpose ? FEW_MATCHES_TO_RANK : requester ? requesterFewMatches.limit : fewMatchesFor(await newestIndexed(db)),
            matches,
            includeInternal ? sql<SqlBool>`ticket_search.public_doc @@ to_tsquery('simple', ${query})` : undefined,
            pgMatch,
          ),
  });
  return pgMatch();
}

/**
 * PostgreSQL plans "matching tickets, newest first, LIMIT n" by walking the primary key and
 * testing every document until n match: quick for a common word, a walk through the whole table
 * for a rare one (seconds at 200,000 tickets). So ask the GIN index first whether there are few
 * matches: where there are (a rare word), the query gets their ids and plans as a few
 * primary-key look-ups; where there are many, the walk finds its page quickly and the query
 * stays as it was. The probes take the matches in any order (a bitmap scan of the GIN index
 * that stops at the limit), as only "all of them, at most `few`" is used. Testing a row against
 * public and internal text joined costs several times testing the public text alone, so where
 * the public text alone matches too often (a walk through the rows, which the planner picks for
 * a word it expects in many of them), that answers the question more cheaply; where the planner
 * expects no more than a few times `few` public matches, that probe would mostly read them all
 * before the one that counts (PUBLIC_PROBE_ESTIMATE), and is left out. Where the
 * planner's statistics already say the word is common (COMMON_ESTIMATE), no probe is needed:
 * finding a thousand matches of a word in every eighth ticket took 12 ms at 1,000,000 tickets.
 */
async function narrowMatch(db: Executor, few: number, matches: RawBuilder<SqlBool>, publicMatches: RawBuilder<SqlBool> | undefined, make: (ids?: number[]) => TicketMatch): Promise<TicketMatch> {
  const estimate = await estimatedMatches(db, publicMatches ?? matches);
  if (estimate >= few * COMMON_ESTIMATE) return make();
  if (publicMatches && estimate >= few * PUBLIC_PROBE_ESTIMATE) {
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one FROM ticket_search WHERE ${publicMatches} LIMIT ${few + 1}`.execute(db);
    if (rows.length > few) return make();
  }
  const { rows } = await sql<{ ticket_id: number }>`SELECT ticket_id FROM ticket_search WHERE ${matches} LIMIT ${few + 1}`.execute(db);
  return rows.length > few ? make() : make(rows.map((r) => r.ticket_id));
}

/**
 * How many matches an agent's search takes as ids on a table of `newest` tickets. Fetching the
 * ids from the GIN index costs about 2 µs per match; walking the tickets newest first costs
 * about 0.65 µs per ticket tested and tests some 25 × tickets / matches of them for a page
 * (more where the agent sees only part of the tickets). Both cost the same at about
 * √(16 × tickets) matches: 1,000 up to 60,000 tickets, 4,000 at 1,000,000 (measured there:
 * "Plotter", in 1,969 tickets, 16 ms walking against 4.4 ms for the ids and 0.4 ms for the page).
 */
function fewMatchesFor(newest: number): number {
  return Math.max(FEW_MATCHES, Math.min(FEW_MATCHES_MAX, Math.round(Math.sqrt(16 * newest))));
}

/** The newest ticket in the search index (one step down its primary key). */
async function newestIndexed(db: Executor): Promise<number> {
  const { rows } = await sql<{ newest: number | null }>`SELECT max(ticket_id) AS newest FROM ticket_search`.execute(db);
  return Number(rows[0]?.newest ?? 0);
}

/**
 * What walking one ticket newest first costs (testing its documents and the viewer's access)
 * in postings the GIN index collects for the window probe. Measured at 1,000,000 tickets:
 * "Outlook startet" (186,856 estimated matches), similar tickets: the window probe 27–54 ms
 * for its 139,000 postings (0.2–0.4 µs each), the walk 21 ms for its ~2,700 tickets (about 8 µs
 * each); "printer prints blank pages" (57,000 estimated): the window 40–55 ms, the walk 169 ms.
 */
const WALKED_TICKET_IN_POSTINGS = 30;

/**
 * The smallest and largest first window of newest tickets an agent's ranking query looks in
 * (see narrowToRecent). An object so that a test can make the window path run on a few dozen
 * tickets, where the planner's estimates mean little.
 */
export const rankingWindow = { min: 10_000, max: Number.POSITIVE_INFINITY };

/**
 * An agent's ranking query (relevance, similar tickets) ranks the newest `candidates` matches.
 * Walking the tickets newest first and testing each document finds them quickly for a common
 * word, but for a word in a few percent of the tickets (an agent who sees one group, the open
 * tickets only) it tests some 100,000 documents (100–250 ms at 1,000,000 tickets). Here the
 * GIN index and the primary key intersect as bitmaps instead (PostgreSQL's BitmapAnd), over a
 * window of the newest tickets that should hold four times the candidates by the planner's
 * estimate of the matches: where the planner expects that many in the smallest window
 * (rankingWindow.min), or the window holds more than 16 × candidates, the walk stays; where it
 * holds enough, their ids are the candidates; where too few (the estimate was high, or
 * few of the matches have the statuses), the window grows to where the density seen says enough
 * are (then the whole table, narrowMatch). PostgreSQL's plan for such a pair is poor (with
 * prefixes it picks the walk along the primary key), so the probe forbids plain index scans.
 */
async function narrowToRecent(db: Executor, { candidates, statuses }: Ranking, matches: RawBuilder<SqlBool>, make: (ids?: number[]) => TicketMatch): Promise<TicketMatch> {
  const newest = await newestIndexed(db);
  const cap = candidates * 16;
  const estimated = Math.max(1, await estimatedMatches(db, matches));
  const sized = Math.ceil((candidates * 4 * newest) / estimated);
  // A common word: walking newest first finds the candidates within a few thousand tickets,
  // while the GIN index would collect all its matches first (50 ms for druck:* at 1M). The walk
  // reads about a quarter of the window (the window holds four times the candidates), each
  // ticket costing about WALKED_TICKET_IN_POSTINGS postings of the index.
  if (sized < rankingWindow.min || (sized / 4) * WALKED_TICKET_IN_POSTINGS < estimated) return make();
  // Only matches with the statuses count (similar tickets: the open ones), and the estimate is
  // of all matches: the first window is twice as large. Each probe collects all the word's
  // postings again, while a larger window adds only its share of the primary key's bitmap and of
  // the matches: "printer prints blank pages" found 496 open matches for 500 candidates in its
  // first window and needed a second probe (8.8 + 16.3 ms at 1,000,000 tickets).
  let window = Math.min(rankingWindow.max, statuses ? sized * 2 : sized);
  // A larger window probes only the tickets the smaller one left out (above `ceiling`): the
  // postings are collected again, but the documents and statuses of the newer tickets are not.
  const found: number[] = [];
  let ceiling = Number.POSITIVE_INFINITY;
  for (let step = 0; step < 2 && window < newest; step++) {
    const floor = newest - window;
    const below = Number.isFinite(ceiling) ? sql` AND ticket_id <= ${ceiling}` : sql``;
    const limit = cap + 1 - found.length;
    const ids = await withBitmapScans(db, async (trx) => {
      // OFFSET 0 keeps the match a query of its own (the two bitmaps); the statuses are then
      // looked up for its matches only, instead of the matches being tested ticket by ticket.
      const inWindow = sql`SELECT ticket_id FROM ticket_search WHERE ${matches} AND ticket_id > ${floor}${below} OFFSET 0`;
      const rows = statuses
        ? await sql<{ ticket_id: number }>`SELECT m.ticket_id FROM (${inWindow}) m JOIN tickets t ON t.id = m.ticket_id
            WHERE t.status IN (${sql.join(statuses)}) LIMIT ${limit}`.execute(trx)
        : await sql<{ ticket_id: number }>`${inWindow} LIMIT ${limit}`.execute(trx);
      return rows.rows.map((r) => r.ticket_id);
    });
    found.push(...ids);
    if (found.length > cap) return make();
    if (found.length >= candidates) return make(found);
    ceiling = floor;
    window = found.length === 0 ? newest : Math.ceil((window * candidates * 2) / found.length);
  }
  return narrowMatch(db, FEW_MATCHES_TO_RANK, matches, undefined, make);
}

/** The planner's estimate of how many tickets match (planning only: under a millisecond). */
async function estimatedMatches(db: Executor, matches: RawBuilder<SqlBool>): Promise<number> {
  const { rows } = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`EXPLAIN (FORMAT JSON) SELECT 1 FROM ticket_search WHERE ${matches}`.execute(db);
  return Number(rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
}

/** The planner settings a window probe turns off (see withBitmapScans). */
export const PROBE_SETTINGS = ['enable_indexscan', 'enable_seqscan', 'enable_hashjoin', 'enable_mergejoin'];

/**
 * Runs a probe with plain index scans, sequential scans, hash and merge joins off, in a
 * transaction of its own. The status check then looks each match of the window up in the index
 * of open tickets (about 2 µs each): the planner estimates the open tickets of a window from the
 * share of all tickets and chose to hash them instead, which read 25,635 open tickets for 1,253
 * matches (23 ms against 11) at 1,000,000 tickets, and 191 ms against 23 in a larger window.
 */
async function withBitmapScans<T>(db: Executor, work: (db: Executor) => Promise<T>): Promise<T> {
  // set_config(…, true) is SET LOCAL: all settings in one round trip.
  const off = async (trx: Executor) => {
    await sql`SELECT ${sql.join(PROBE_SETTINGS.map((name) => sql`set_config(${name}, 'off', true)`))}`.execute(trx);
  };
  if (!db.isTransaction) {
    return db.transaction().execute(async (trx) => {
      await off(trx);
      return work(trx);
    });
  }
  await off(db);
  try {
    return await work(db);
  } finally {
    await sql`SELECT ${sql.join(PROBE_SETTINGS.map((name) => sql`set_config(${name}, 'on', true)`))}`.execute(db);
  }
}

/** The part of Kysely's select builder that apply() uses; the index tables are not in Database. */
interface AnyJoinable {
  innerJoin(table: unknown, callback: (join: { on(expression: Expression<SqlBool>): unknown }) => unknown): { where(expression: Expression<SqlBool>): unknown };
}

/**
 * After writing many tickets at once (demo data, bulk import, restore): merge SQLite's
 * full-text segments now rather than during the next requests, and give the planner fresh
 * statistics (SQLite refreshes them at open and every minute, PostgreSQL's autovacuum later).
 */
export async function settleTicketIndex(db: Executor, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`INSERT INTO ticket_fts (ticket_fts) VALUES ('optimize')`.execute(db);
    // Every connection reloads the statistics when they change, so the serving process plans
    // with the new sizes at once instead of at its next refresh (platform/db/sqlite-statistics.ts).
    await sql`ANALYZE`.execute(db);
  } else {
    // The GIN pending lists hold everything just written; merged now, searches need not read them.
    await sql`SELECT gin_clean_pending_list('ticket_search_public'::regclass), gin_clean_pending_list('ticket_search_all'::regclass)`.execute(db);
    await sql`ANALYZE tickets, ticket_search, messages, ticket_events`.execute(db);
  }
}
