import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import { beforeCommit } from '../../platform/db/before-commit.ts';
import { sendWrite } from '../../platform/db/send-write.ts';
import type { Dialect, Executor } from '../../platform/db/database.ts';
import { indexText, isStopword, type QueryTerm, queryTerms } from '../../platform/search/normalise.ts';
import { expandTerms, insertWordsOf, inWordList, lexeme, MAX_EXPANSION, recordWordsOf, wordsBeginningWith } from './search-words.ts';
import {
  FEW_MATCHES_TO_RANK,
  fewMatchesFor,
  narrowMatch,
  narrowToRecent,
  newestIndexed,
  newestOfRequester,
  type NewestPage,
  type RankedMatch,
  type Ranking,
  requesterFewMatches,
} from './pg-narrowing.ts';

export type { NewestPage, RankedMatch, Ranking } from './pg-narrowing.ts';

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

/**
 * `groupId`: the ticket's group where the caller has it at hand. PostgreSQL's search row keeps a
 * copy (migration 2026-12-03T0100); without it a trigger looks the group up.
 */
export async function indexNewTicket(db: Executor, ticketId: number, scope: TicketScope, publicText: string, internalText = '', groupId?: number): Promise<void> {
  const dialect = dialectOf(db);
  const pub = `${scopeTokens(scope)} ${indexText(publicText)}`;
  const internal = indexText(internalText);
  if (dialect === 'sqlite') {
    await recordWordsOf(db, [pub, internal]);
    // At the end of a group-commit batch (platform/db/before-commit.ts): one segment per batch.
    await beforeCommit(db, () => sql`INSERT INTO ticket_fts (rowid, public_text, internal_text) VALUES (${ticketId}, ${pub}, ${internal})`.execute(db));
  } else {
    // The document and its words (search-words.ts) in one statement, sent without waiting for
    // its answer (send-write.ts): nothing in the transaction reads the index.
    await sendWrite(
      db,
      sql`WITH doc AS (SELECT to_tsvector('simple', ${pub}) AS public_doc, to_tsvector('simple', ${internal}) AS internal_doc),
      indexed AS (INSERT INTO ticket_search (ticket_id, public_doc, internal_doc, group_id) SELECT ${ticketId}, public_doc, internal_doc, ${groupId ?? null}::integer FROM doc)
      ${insertWordsOf(sql`(SELECT public_doc || internal_doc FROM doc)`)}`.compile(db),
    );
  }
}

/** Adds text (a new message, a changed subject) to a ticket's index row. */
export async function appendToTicketIndex(db: Executor, ticketId: number, text: string, internal: boolean): Promise<void> {
  const dialect = dialectOf(db);
  const add = indexText(text);
  if (!add) return;
  if (dialect === 'sqlite') {
    await recordWordsOf(db, [add]);
    // In order with the ticket's insert, which may wait for the batch's end (before-commit.ts).
    if (internal) await beforeCommit(db, () => sql`UPDATE ticket_fts SET internal_text = internal_text || ' ' || ${add} WHERE rowid = ${ticketId}`.execute(db));
    else await beforeCommit(db, () => sql`UPDATE ticket_fts SET public_text = public_text || ' ' || ${add} WHERE rowid = ${ticketId}`.execute(db));
  } else {
    const column = internal ? sql`internal_doc` : sql`public_doc`;
    await sendWrite(
      db,
      sql`WITH added AS (SELECT to_tsvector('simple', ${add}) AS doc),
      indexed AS (UPDATE ticket_search SET ${column} = ${column} || (SELECT doc FROM added) WHERE ticket_id = ${ticketId})
      ${insertWordsOf(sql`(SELECT doc FROM added)`)}`.compile(db),
    );
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
   * a ranking query ranks, and the statuses it keeps if not all (see narrowToRecent). `page`: the
   * search lists its matches newest first with no other filter (see newestOfRequester).
   */
  narrow(db: Executor, ranking?: Ranking, page?: NewestPage): Promise<TicketMatch>;
  /**
   * After `narrow` with `ranking.visibleTo`, where PostgreSQL took the candidates from a window of
   * the newest tickets: the candidates the viewer may see, ranked already (newest first). The
   * copy of the group it was judged by only narrows; the page must still be checked against the
   * tickets table.
   */
  ranked?: RankedMatch[];
}

/** A requester's search: the scope tokens of the tickets they may see (see scopeTokens). */
export interface RequesterScope {
  id: number;
  organisationId: number | null;
}

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
    const unexpanded = sqliteTicketMatch(terms, includeInternal, mode, scopes);
    // A prefix without a prefix index is expanded into the words that begin with it (search-words.ts).
    const long = [...new Set(terms.flatMap((t) => (t.prefix ? t.alternatives.filter((a) => !SQLITE_PREFIX_INDEXES.includes(a.length) && inWordList(a)) : [])))];
    if (long.length === 0) return unexpanded;
    const lookedUp = [...new Set(long.flatMap((prefix) => [prefix, prefix.slice(0, LONGEST_SQLITE_PREFIX_INDEX)]))];
    return { ...unexpanded, narrow: async (db) => sqliteTicketMatch(terms, includeInternal, mode, scopes, await wordsBeginningWith(db, lookedUp)) };
  }
  // The prefix being typed is expanded into the words that begin with it when the match is
  // narrowed (search-words.ts): every PostgreSQL search narrows before it runs.
  const termQueries = terms.map((t) => `(${t.alternatives.map((a) => `${lexeme(a)}${t.prefix ? ':*' : ''}`).join(' | ')})`);
  const spec: PgMatchSpec = { includeInternal, mode, scopes, purpose, requester };
  const unexpanded = pgTicketMatch(termQueries, spec);
  if (!terms.some((t) => t.prefix)) return unexpanded;
  return {
    ...unexpanded,
    narrow: async (db, ranking, page) => {
      const { termQueries: expanded, newest } = await expandTerms(db, terms, sizedByTable(spec, ranking));
      return pgTicketMatch(expanded, spec, newest).narrow(db, ranking, page);
    },
  };
}

/** The prefix lengths SQLite's full-text index keeps prefix indexes for (migration 2026-12-02T0200). */
const SQLITE_PREFIX_INDEXES = [3, 4];
const LONGEST_SQLITE_PREFIX_INDEX = Math.max(...SQLITE_PREFIX_INDEXES);

/**
 * SQLite's match for the terms (see matchTickets). `expanded`: the words that begin with each
 * longer prefix and with its first four letters (wordsBeginningWith). Where both are the same
 * words ("druck" and "druc"), the four letters' prefix index is read: one list instead of one
 * per word, which matters where the match is intersected with a requester's scope and ends up
 * empty (the demo customer's "Drucker" at 1,000,000 tickets, 117,507 matches against her 46,546
 * tickets: 24.9 ms for FTS5 with the seven words, 7.9 with "druc"*). Else the words, where
 * there are at most MAX_EXPANSION; a prefix with more stays a prefix, one with none matches
 * nothing, as on PostgreSQL.
 */
function sqliteTicketMatch(terms: QueryTerm[], includeInternal: boolean, mode: 'all' | 'any', scopes: string[], expanded?: Map<string, string[]>): TicketMatch {
  const operands = (alternative: string, prefix: boolean) => {
    const words = prefix ? expanded?.get(alternative) : undefined;
    if (!words || words.length > MAX_EXPANSION) return [`"${alternative}"${prefix ? '*' : ''}`];
    const indexed = alternative.slice(0, LONGEST_SQLITE_PREFIX_INDEX);
    const underIndexed = expanded!.get(indexed);
    if (words.length > 0 && underIndexed && underIndexed.length <= MAX_EXPANSION && underIndexed.length === words.length) return [`"${indexed}"*`];
    return words.length === 0 ? [`"${alternative}"`] : words.map((w) => `"${w}"`);
  };
  const joiner = mode === 'all' ? ' AND ' : ' OR ';
  const expr = terms.map((t) => `(${[...new Set(t.alternatives.flatMap((a) => operands(a, t.prefix)))].join(' OR ')})`).join(joiner);
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

interface PgMatchSpec {
  includeInternal: boolean;
  mode: 'all' | 'any';
  scopes: string[];
  purpose: 'rank' | 'suggest' | undefined;
  requester: RequesterScope | undefined;
}

/** An agent's ranking query, narrowed to a window of the newest tickets (narrowToRecent). */
const rankedInWindow = (spec: PgMatchSpec, ranking: Ranking | undefined): ranking is Ranking => spec.purpose !== undefined && spec.includeInternal && !spec.requester && ranking !== undefined;

/** Whether narrowing the match needs the size of the table (the newest ticket in the index). */
const sizedByTable = (spec: PgMatchSpec, ranking: Ranking | undefined) => rankedInWindow(spec, ranking) || (spec.purpose === undefined && !spec.requester);

/**
 * PostgreSQL's match for the terms' tsquery operands (see matchTickets). `newest`: the newest
 * ticket in the index where the caller read it already (expandTerms).
 */
function pgTicketMatch(termQueries: string[], spec: PgMatchSpec, newest?: number): TicketMatch {
  const { includeInternal, mode, scopes, purpose, requester } = spec;
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
  const wordsTest = sql<SqlBool>`(${doc} @@ to_tsquery('simple', ${query}))`;
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
  const score = sql<number>`(-ts_rank(${doc}, to_tsquery('simple', ${query})))::float8`;
  const pgMatch = (ids?: number[], ranked?: RankedMatch[]): TicketMatch => ({
    ranked,
    // Handed ids are the matches already (the index found them): they need no test again.
    apply: <QB>(qb: QB) => {
      const joined = (qb as unknown as AnyJoinable).innerJoin((perRow && !ids ? perRowIndex : sql`ticket_search`).as('ticket_search'), (join) =>
        join.on(perRow && !ids ? sql`true` : sql`ticket_search.ticket_id = tickets.id`),
      );
      return joined.where(ids ? sql<SqlBool>`tickets.id = ANY(${ids})` : rowTest) as QB;
    },
    score,
    idOrder: sql<number>`tickets.id`,
    narrow: async (db, ranking, page) => {
      if (rankedInWindow(spec, ranking)) return narrowToRecent(db, ranking, newest ?? (await newestIndexed(db)), matches, score, pgMatch);
      const probe = async (knownEstimate?: number) =>
        narrowMatch(
          db,
          purpose ? FEW_MATCHES_TO_RANK : requester ? requesterFewMatches.limit : fewMatchesFor(newest ?? (await newestIndexed(db))),
          matches,
          includeInternal ? sql<SqlBool>`ticket_search.public_doc @@ to_tsquery('simple', ${query})` : undefined,
          pgMatch,
          knownEstimate,
        );
      // A requester's newest tickets are tested first (newestOfRequester); they are theirs already,
      // so the words alone are tested. Where they held less than a page of matches, the planner's
      // estimate (is the word common enough to skip the probe?) would only cost its round trip.
      if (requester && page && !purpose) return newestOfRequester(db, requester, page, wordsTest, pgMatch, () => probe(0));
      return probe();
    },
  });
  return pgMatch();
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
