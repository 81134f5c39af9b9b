import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { sendWrite } from '../../platform/db/send-write.ts';
import { recentIndexFloor, recentSearchIndex } from './recent-search-index.ts';
import { organisationSharesTickets } from './tickets.policy.ts';

/**
 * How PostgreSQL narrows a ticket search before it runs (ticket-index.ts builds the match):
 * the GIN index is asked first for the ids of few matches, or of the newest ones in a window,
 * and the match is rebuilt with those ids (`make`) or left to walk the tickets.
 */

/** How many of the newest matches a ranking query ranks, and the statuses it keeps if not all. */
export interface Ranking {
  candidates: number;
  statuses?: string[];
  /**
   * An agent's relevance search over all statuses: who may see the matches (an agent's groups and
   * the tickets they follow, or every ticket for an admin). With it the window probe ranks the
   * visible matches as it reads their documents (see RankedMatch).
   */
  visibleTo?: { groupIds: number[]; followerId: number } | 'everyone';
}

/**
 * A match of the window that the viewer may see, by the copy of the ticket's group in its search
 * row (migration 2026-12-03T0100), with its relevance (lower is better). Newest first.
 */
export interface RankedMatch {
  id: number;
  score: number;
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

/**
 * The same for agents' queries that rank the newest matches (relevance, similar tickets). Those
 * walk newest first until enough visible matches are found, which for a word in a few percent of
 * the tickets is most of the table (200 ms at 100,000 tickets), while fetching every match from
 * the GIN index costs a few microseconds per match: so they take the ids up to this many.
 */
export const FEW_MATCHES_TO_RANK = 5000;

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
export async function narrowMatch<T>(
  db: Executor,
  few: number,
  matches: RawBuilder<SqlBool>,
  publicMatches: RawBuilder<SqlBool> | undefined,
  make: (ids?: number[]) => T,
  knownEstimate?: number,
): Promise<T> {
  // The caller may have asked the planner already (narrowToRecent): the same EXPLAIN again is a round trip for nothing.
  const estimate = knownEstimate !== undefined && !publicMatches ? knownEstimate : await estimatedMatches(db, publicMatches ?? matches);
  if (estimate >= few * COMMON_ESTIMATE) return make();
  if (publicMatches && estimate >= few * PUBLIC_PROBE_ESTIMATE) {
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one FROM ticket_search WHERE ${publicMatches} LIMIT ${few + 1}`.execute(db);
    if (rows.length > few) return make();
  }
  const { rows } = await sql<{ ticket_id: number }>`SELECT ticket_id FROM ticket_search WHERE ${matches} LIMIT ${few + 1}`.execute(db);
  return rows.length > few ? make() : make(rows.map((r) => r.ticket_id));
}

/** A search page newest first with no filter but its text: its size, and below which ticket it starts (the cursor). */
export interface NewestPage {
  limit: number;
  before?: number;
}

/** Whose tickets a requester's search walks: their own, and their organisation's where it shares them. */
export interface RequesterTickets {
  id: number;
  organisationId: number | null;
}

/**
 * How many of a requester's newest tickets their search tests before it asks the index: at least
 * this many, and `perRow` for each row of the page. An object so that a test can
 * make the index answer on a few tickets.
 */
export const requesterSample = { min: 150, perRow: 6 };

/**
 * A requester's search, newest first with no filter but its text: their newest tickets are
 * tested first, each document looked up alone, up to `requesterSample` of them. Where a page's
 * worth matches among them (a word common in their tickets), those are the page and the page
 * after it begins below them: no other ticket can come before. Where all their tickets were
 * tested (most requesters have fewer), the matches found are all there are. Only otherwise is
 * the GIN index asked (`probe`, narrowMatch), which reads every posting of the words and of the
 * scope before it answers: at 1,000,000 tickets a customer of an organisation with 49,572
 * tickets searching "order" (24,126 matches) waited 12.7 ms for that probe on average.
 */
export async function newestOfRequester<T>(
  db: Executor,
  requester: RequesterTickets,
  page: NewestPage,
  rowTest: RawBuilder<SqlBool>,
  make: (ids?: number[]) => T,
  probe: () => Promise<T>,
): Promise<T> {
  const size = Math.max(requesterSample.min, requesterSample.perRow * (page.limit + 1));
  const newest = newestTicketsOf(requester, page.before, size);
  // How many there were comes along (an index-only count of at most `size`): asked only where the
  // page was not filled, it was a round trip of its own before every search that reached the index.
  const { rows } = await sql<{ ids: number[]; tested: number }>`SELECT ARRAY(SELECT walked.id FROM (${newest}) walked
    WHERE EXISTS (SELECT 1 FROM ticket_search WHERE ticket_search.ticket_id = walked.id AND ${rowTest})
    ORDER BY walked.id DESC LIMIT ${page.limit + 1}) AS ids, (SELECT count(*)::int FROM (${newest}) walked) AS tested`.execute(db);
  const { ids, tested } = rows[0]!;
  return ids.length > page.limit || tested < size ? make(ids) : probe();
}

/**
 * A requester's newest tickets below `before`, as `workedTickets` (tickets.policy.ts) lets them see
 * them: each side from its own index in id order (index-only), merged, and a ticket on both sides
 * (their own, in their organisation) taken once, so that nothing is sorted. Leaving their own out of
 * the organisation's side instead made PostgreSQL walk the primary key for it (4,131 tickets read
 * for 154 at 1,000,000 tickets).
 */
function newestTicketsOf(requester: RequesterTickets, before: number | undefined, size: number): RawBuilder<unknown> {
  const below = before === undefined ? sql`` : sql` AND id < ${before}`;
  const own = sql`(SELECT id FROM tickets WHERE requester_id = ${requester.id}${below} ORDER BY id DESC LIMIT ${size})`;
  if (requester.organisationId === null) return sql`SELECT id FROM ${own} own`;
  const organisation = requester.organisationId;
  const shared = sql`(SELECT id FROM tickets WHERE organisation_id = ${organisation}${below}
    AND ${organisationSharesTickets(organisation)} ORDER BY id DESC LIMIT ${size})`;
  return sql`SELECT DISTINCT id FROM (${own} UNION ALL ${shared}) sides ORDER BY id DESC LIMIT ${size}`;
}

/**
 * How many matches an agent's search takes as ids on a table of `newest` tickets. Fetching the
 * ids from the GIN index costs about 2 µs per match; walking the tickets newest first costs
 * about 0.65 µs per ticket tested and tests some 25 × tickets / matches of them for a page
 * (more where the agent sees only part of the tickets). Both cost the same at about
 * √(16 × tickets) matches: 1,000 up to 60,000 tickets, 4,000 at 1,000,000 (measured there:
 * "Plotter", in 1,969 tickets, 16 ms walking against 4.4 ms for the ids and 0.4 ms for the page).
 */
export function fewMatchesFor(newest: number): number {
  return Math.max(FEW_MATCHES, Math.min(FEW_MATCHES_MAX, Math.round(Math.sqrt(16 * newest))));
}

/** The newest ticket in the search index (one step down its primary key). */
export async function newestIndexed(db: Executor): Promise<number> {
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
export async function narrowToRecent<T>(
  db: Executor,
  { candidates, statuses, visibleTo }: Ranking,
  newest: number,
  matches: RawBuilder<SqlBool>,
  score: RawBuilder<number>,
  make: (ids?: number[], ranked?: RankedMatch[]) => T,
): Promise<T> {
  const cap = candidates * 16;
  const estimate = await estimatedMatches(db, matches);
  const estimated = Math.max(1, estimate);
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
  // Where the viewer is known and all statuses count, the probe also ranks the matches the viewer
  // may see: their documents are read anyway, and the ranking query would look each match up in
  // the tickets table and read its document again (at 1,000,000 tickets 1,551 look-ups for 702
  // visible matches, 7.6 of a relevance search's 25 ms).
  const ranking = visibleTo && !statuses ? visibleTo : undefined;
  const ranked: RankedMatch[] = [];
  let ceiling = Number.POSITIVE_INFINITY;
  const recentFloor = newest >= recentSearchIndex.from ? await recentIndexFloor(db) : undefined;
  for (let step = 0; step < 2 && window < newest; step++) {
    const floor = newest - window;
    const limit = cap + 1 - found.length;
    const ids = await withBitmapScans(db, async (trx) => {
      // OFFSET 0 keeps the match a query of its own (the two bitmaps); the statuses are then
      // looked up for its matches only, instead of the matches being tested ticket by ticket.
      const windowRows = sql`FROM ticket_search WHERE ${matches} AND ${inWindow(floor, ceiling, newest, recentFloor)}`;
      const windowMatches = sql`SELECT ticket_id ${windowRows} OFFSET 0`;
      if (ranking) {
        const scored = sql<{ ticket_id: number; score: number | null }>`SELECT ticket_id, CASE WHEN ${visibleInSearchRow(ranking)} THEN ${score} END AS score ${windowRows} LIMIT ${limit}`;
        const { rows } = await scored.execute(trx);
        for (const row of rows) if (row.score !== null) ranked.push({ id: row.ticket_id, score: Number(row.score) });
        return rows.map((r) => r.ticket_id);
      }
      const rows = statuses
        ? await sql<{ ticket_id: number }>`SELECT m.ticket_id FROM (${windowMatches}) m JOIN tickets t ON t.id = m.ticket_id
            WHERE t.status IN (${sql.join(statuses)}) LIMIT ${limit}`.execute(trx)
        : await sql<{ ticket_id: number }>`${windowMatches} LIMIT ${limit}`.execute(trx);
      return rows.rows.map((r) => r.ticket_id);
    });
    found.push(...ids);
    if (found.length > cap) return make();
    if (found.length >= candidates) return make(found, ranking ? ranked.sort((a, b) => b.id - a.id) : undefined);
    ceiling = floor;
    window = found.length === 0 ? newest : Math.ceil((window * candidates * 2) / found.length);
  }
  return narrowMatch(db, FEW_MATCHES_TO_RANK, matches, undefined, make, estimate);
}

/**
 * The window's condition on the search rows' ticket ids (above `floor`, up to `ceiling`). Where
 * the index of the newest tickets (recent-search-index.ts) covers the window, its own condition
 * is written out so that PostgreSQL takes it, and the window becomes a filter on the rows it
 * finds (`ticket_id + 0` is no condition an index can serve): otherwise the planner intersects
 * the matches with a bitmap of the window's ids from the primary key, and that bitmap was most of
 * the probe (at 1,000,000 demo tickets "printer" in a window of 97,185: 16 ms against 6 ms for
 * reading the 3,223 matches of the index's 200,000 tickets). Filtering reads every match the
 * index holds, so a window under a quarter of the index keeps the bitmap.
 */
function inWindow(floor: number, ceiling: number, newest: number, recentFloor: number | undefined): RawBuilder<SqlBool> {
  const bounded = Number.isFinite(ceiling);
  if (recentFloor !== undefined && floor >= recentFloor && ((bounded ? ceiling : newest) - floor) * 4 >= newest - recentFloor) {
    const below = bounded ? sql` AND ticket_id + 0 <= ${ceiling}` : sql``;
    return sql<SqlBool>`ticket_id > ${sql.lit(recentFloor)} AND ticket_id + 0 > ${floor}${below}`;
  }
  return sql<SqlBool>`ticket_id > ${floor}${bounded ? sql` AND ticket_id <= ${ceiling}` : sql``}`;
}

/** Whether the viewer may see a search row's ticket, by the copy of its group (see RankedMatch). */
function visibleInSearchRow(viewer: NonNullable<Ranking['visibleTo']>): RawBuilder<SqlBool> {
  if (viewer === 'everyone') return sql<SqlBool>`true`;
  const followed = sql<SqlBool>`ticket_search.ticket_id IN (SELECT ticket_id FROM ticket_followers WHERE user_id = ${viewer.followerId})`;
  return viewer.groupIds.length > 0 ? sql<SqlBool>`(ticket_search.group_id IN (${sql.join(viewer.groupIds)}) OR ${followed})` : followed;
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
  // set_config(…, true) is SET LOCAL: all settings in one statement, sent without waiting for its
  // answer (send-write.ts): it goes out with the probe, and the settings' restore with the next
  // statement the transaction waits for. Waiting for each was two round trips per probe.
  const settings = (value: 'on' | 'off') => sql.join(PROBE_SETTINGS.map((name) => sql`set_config(${name}, ${value}, true)`));
  const set = (trx: Executor, value: 'on' | 'off') => sendWrite(trx, sql`SELECT ${settings(value)}`.compile(trx));
  if (!db.isTransaction) {
    return db.transaction().execute(async (trx) => {
      await set(trx, 'off');
      return work(trx);
    });
  }
  await set(db, 'off');
  let result: T;
  try {
    result = await work(db);
  } catch (error) {
    // A cancelled probe (the search budget) has aborted the transaction: the caller rolls back to
    // its savepoint, which takes the settings back too. A restore now would fail, and sent without
    // waiting, its failure would be kept for the caller's next statement; waited for, it replaced
    // the timeout by "current transaction is aborted" (a 500 instead of the budget's 503). A
    // probe that failed in Node leaves the transaction usable, and the restore then succeeds.
    await sql`SELECT ${settings('on')}`.execute(db).catch(() => undefined);
    throw error;
  }
  await set(db, 'on');
  return result;
}
