import { dialectOf } from '../../platform/db/dialect.ts';
import { sql } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import type { Dialect, Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { withSearchBudget } from '../../platform/search/search-budget.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/keyset-cursor.ts';
import { LIMITS } from '../../../shared/enums.ts';
import { inSlaQueue } from './sla-queues.ts';
import { matchTickets, type RankedMatch, type Ranking, type TicketMatch } from './ticket-index.ts';
import { canSeeInternal, requesterScope, sharesTickets, visibleTickets } from './tickets.policy.ts';
import { ticketsInOrder } from './tickets.queries.ts';
import { forViewer } from './tickets.presenter.ts';
import type { ListTicketsQuery, TICKET_SORTS, TicketDto } from '../../../shared/contracts/tickets.ts';

type TicketSort = (typeof TICKET_SORTS)[number];

/** How many of the newest matching tickets a relevance search ranks. An object so that a test can rank a few. */
export const relevanceRanking = { candidates: 1000 };

type Cursor = [value: string | number, id: number];

/** What the cursor of each sort order holds: the last row's sort value, then its id. */
function decodeTicketCursor(raw: string, sort: TicketSort): Cursor {
  if (sort.endsWith('updated')) return decodeCursor(raw, ['timestamp', 'id']);
  if (sort.endsWith('priority')) return decodeCursor(raw, ['rank', 'id']);
  if (sort === 'relevance') return decodeCursor(raw, ['score', 'id']);
  return decodeCursor(raw, ['id', 'id']);
}

/**
 * Lists the tickets an actor may see, filtered, sorted and paged with keyset cursors.
 * Creation order is id order, so "-created" pages on the primary key alone.
 */
export async function listTickets(db: Executor, actor: Actor, query: ListTicketsQuery): Promise<{ items: TicketDto[]; nextCursor: string | null }> {
  if (query.sla && !canSeeInternal(actor)) {
    throw new AppError('forbidden', 'The SLA queues are for agents.', { fields: { sla: 'Only agents may filter by SLA.' } });
  }
  // A search runs under the time budget; a plain queue page is bounded by its indexes.
  const page = query.q ? await withSearchBudget(db, (trx) => pageOfTickets(trx, actor, query)) : await pageOfTickets(db, actor, query);
  return { ...page, items: page.items.map((ticket) => forViewer(actor, ticket)) };
}

async function pageOfTickets(db: Executor, actor: Actor, query: ListTicketsQuery): Promise<{ items: TicketDto[]; nextCursor: string | null }> {
  const dialect = dialectOf(db);
  const limit = query.limit ?? LIMITS.pageSizeDefault;
  const sort = query.sort ?? '-created';
  const text = query.q ? matchTickets(dialect, query.q, canSeeInternal(actor), 'all', sort === 'relevance' ? 'rank' : undefined, requesterScope(actor)) : undefined;
  const cursor = query.cursor ? decodeTicketCursor(query.cursor, sort) : undefined;
  const match = await text?.narrow(
    db,
    sort === 'relevance' ? { candidates: relevanceRanking.candidates, visibleTo: onlyText(query) ? viewerOfSearchRows(actor) : undefined } : undefined,
    sort === '-created' && onlyText(query) ? { limit, before: cursor?.[1] } : undefined,
  );
  if (sort === 'relevance' && !match) {
    throw new AppError('invalid_input', 'Sorting by relevance needs a search text in "q".', { fields: { sort: 'Needs q.' } });
  }
  if (query.q && !match) return { items: [], nextCursor: null };
  const found: Found = { match, tagListed: query.tag !== undefined && (await fewTagged(db, query.tag)) };

  const sortValue = sort.endsWith('updated') ? (row: PageRow) => row.updated_at : sort.endsWith('priority') ? (row: PageRow) => row.priority_rank : (row: PageRow) => row.id;
  const parts = match ? undefined : await visibleParts(db, actor, query, sort);
  if (parts) {
    const perPart = await Promise.all(parts.map((part) => pageRows(db, actor, part, found, sort, cursor, limit)));
    // A followed ticket that came back to one of the agent's groups is in two of the lists.
    const unique = [...new Map(perPart.flat().map((row) => [row.id, row])).values()];
    const ascending = (a: PageRow, b: PageRow) => (sortValue(a) < sortValue(b) ? -1 : sortValue(a) > sortValue(b) ? 1 : a.id - b.id);
    const rows = unique.sort((a, b) => (sort.startsWith('-') ? ascending(b, a) : ascending(a, b)));
    return presentPage(db, rows, limit, sortValue);
  }
  if (sort === 'relevance' && match!.ranked) return rankedPage(db, actor, query, match!.ranked, cursor, limit);
  if (sort === 'relevance') {
    // Lower score is better on both databases; ties fall back to the newest ticket. Ranked are
    // the newest relevanceRanking.candidates matches: a common word matches a large share of a million
    // tickets, and scoring them all takes seconds (what people look for is mostly recent).
    const scored = filtered(db, actor, query, found)
      .select(sql<number>`${match!.score}`.as('score'))
      .orderBy(match!.idOrder, 'desc')
      .limit(relevanceRanking.candidates);
    let outer = db.selectFrom(scored.as('hits')).selectAll();
    if (cursor) {
      const [value, id] = cursor;
      outer = outer.where(sql<boolean>`(score > ${Number(value)} OR (score = ${Number(value)} AND id < ${id}))`);
    }
    const rows = (await outer
      .orderBy(sql`score`, 'asc')
      .orderBy(sql`id`, 'desc')
      .limit(limit + 1)
      .execute()) as Array<{ id: number; score: number }>;
    return presentPage(db, rows, limit, (row) => row.score);
  }
  const rows = await pageRows(db, actor, query, found, sort, cursor, limit);
  return presentPage(db, rows, limit, sortValue);
}

/**
 * The tickets an actor sees as the union of lists that an index delivers in the page's order,
 * each read a page long and merged (undefined: one query does). A condition with OR makes the
 * database collect every ticket of each side and sort them all:
 * - an agent, in creation order: one list per group and one of the tickets they follow
 *   ("group_id IN (…) OR followed ORDER BY id" made SQLite read whole groups and sort them);
 * - on SQLite, a customer whose organisation shares its tickets, in creation order or last
 *   changed first (the portal's list): their own and the organisation's. At 1,000,000 tickets
 *   the demo customer (11,522 tickets of her own, 46,546 of her organisation's) waited 52 ms p50
 *   for her newest tickets and 135–143 ms for the portal's list, both sorted whole. Where the
 *   organisation does not share, their own only: the organisation's side of the condition
 *   would be tested ticket by ticket through its list. PostgreSQL plans the one query well (the
 *   portal's list: the updated-at index walked backwards with the condition as a filter,
 *   5.5 ms), and each list alone badly (a bitmap of the customer's tickets and the statuses,
 *   sorted: 55 and 120 ms).
 * The visibility condition stays on every list; the lists only narrow.
 */
async function visibleParts(db: Executor, actor: Actor, query: ListTicketsQuery, sort: TicketSort): Promise<ListTicketsQuery[] | undefined> {
  const byCreation = sort === '-created' || sort === 'created';
  if (actor.role === 'agent' && byCreation && actor.groupIds.length > 0 && !query.group && !query.followed) {
    return [...actor.groupIds.map((group) => ({ ...query, group })), { ...query, followed: 'me' as const }];
  }
  const byChange = sort === '-updated' || sort === 'updated';
  if (dialectOf(db) === 'sqlite' && actor.role === 'customer' && (byCreation || byChange) && actor.organisationId !== null && query.requester === undefined && query.organisation === undefined) {
    const own = { ...query, requester: actor.id };
    return (await sharesTickets(db, actor.organisationId)) ? [own, { ...query, organisation: actor.organisationId }] : [own];
  }
  return undefined;
}

/** Whether the query asks for nothing but its text (and the page): no filter on the tickets. */
function onlyText(query: ListTicketsQuery): boolean {
  return Object.entries(query).every(([key, value]) => value === undefined || ['q', 'sort', 'cursor', 'limit'].includes(key));
}

/** Who may see a ticket, as the window probe judges it from the search rows (see RankedMatch). */
function viewerOfSearchRows(actor: Actor): Ranking['visibleTo'] {
  if (actor.role === 'admin') return 'everyone';
  if (actor.role === 'agent') return { groupIds: actor.groupIds, followerId: actor.id };
  return undefined;
}

/**
 * A relevance page from candidates the window probe ranked already: the same order as the
 * ranking query (the newest relevanceRanking.candidates visible matches, by score, then newest), and the
 * page checked against the tickets table, as the probe judged visibility by a copy of the group.
 */
async function rankedPage(db: Executor, actor: Actor, query: ListTicketsQuery, ranked: RankedMatch[], cursor: Cursor | undefined, limit: number) {
  let order = ranked.slice(0, relevanceRanking.candidates).sort((a, b) => a.score - b.score || b.id - a.id);
  if (cursor) {
    const [value, id] = [Number(cursor[0]), cursor[1]];
    order = order.filter((row) => row.score > value || (row.score === value && row.id < id));
  }
  const rows = order.slice(0, limit + 1);
  if (rows.length === 0) return { items: [], nextCursor: null };
  const visible = await filtered(db, actor, query, { match: undefined, tagListed: false })
    .where(
      'tickets.id',
      'in',
      rows.map((row) => row.id),
    )
    .execute();
  return presentPage(db, rows, limit, (row) => row.score, new Set(visible.map((row) => row.id)));
}

interface PageRow {
  id: number;
  updated_at: string;
  priority_rank: number;
}

/** What was looked up before the page's query: the text's match, whether a tag's tickets are listed. */
interface Found {
  match: TicketMatch | undefined;
  tagListed: boolean;
}

/**
 * A tag on at most this many tickets has them listed from its index on SQLite (fewTagged). An
 * object so that a test can take either way with a few tickets.
 */
export const tagListing = { few: 2000 };

/**
 * Whether a tag's tickets are taken from the tag's index instead of tested one by one. SQLite
 * tests the tag per ticket while it walks the tickets in the page's order, which for a tag on
 * fewer tickets than a page means every ticket (through the API at 100,000 tickets, p50: a tag on 3 tickets 16.6 → 0.8–1.1 ms listed, one on 776 3.1–3.8 → 1.8–2.4);
 * listing a common tag's tickets costs a look-up each instead (8,722: 3 ms against 0.5 walking).
 * So SQLite counts up to tagListing.few of them in the index first. PostgreSQL plans both itself
 * (from the tag's index, newest first, where the tag is rare).
 */
async function fewTagged(db: Executor, tag: string): Promise<boolean> {
  if (dialectOf(db) !== 'sqlite') return false;
  const tagged = db
    .selectFrom('ticket_tags')
    .select('ticket_id')
    .where('tag', '=', tag.toLowerCase())
    .limit(tagListing.few + 1);
  const { n } = await db
    .selectFrom(tagged.as('t'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n) <= tagListing.few;
}

/** The filtered ticket query on the tickets table alone (names are joined per page later). */
function filtered(db: Executor, actor: Actor, query: ListTicketsQuery, { match, tagListed }: Found) {
  let qb = db.selectFrom('tickets').select(['tickets.id', 'tickets.updated_at', 'tickets.priority_rank']).where(visibleTickets(actor));
  if (match) qb = match.apply(qb);
  if (query.status) qb = qb.where('tickets.status', 'in', query.status);
  if (query.priority) qb = qb.where('tickets.priority', 'in', query.priority);
  if (query.assignee === 'me') qb = qb.where('tickets.assignee_id', '=', actor.id);
  else if (query.assignee === 'none') qb = qb.where('tickets.assignee_id', 'is', null);
  else if (typeof query.assignee === 'number') qb = qb.where('tickets.assignee_id', '=', query.assignee);
  if (query.group) qb = qb.where('tickets.group_id', '=', query.group);
  if (query.category) qb = qb.where('tickets.category_id', '=', query.category);
  if (query.requester) qb = qb.where('tickets.requester_id', '=', query.requester);
  if (query.organisation) qb = qb.where('tickets.organisation_id', '=', query.organisation);
  if (query.followed === 'me') {
    // Found from the agent's follower rows (indexed by user): tested per ticket (EXISTS), SQLite
    // walked the tickets newest first until a page of followed ones, every ticket for an agent
    // who follows fewer (15 ms at 100,000 tickets, in every "all my groups" page).
    qb = qb.where('tickets.id', 'in', db.selectFrom('ticket_followers').select('ticket_followers.ticket_id').where('ticket_followers.user_id', '=', actor.id));
  }
  if (query.sla) qb = qb.where('tickets.status', 'in', ['new', 'open', 'pending']).where(inSlaQueue(query.sla));
  if (query.tag) {
    const tag = query.tag.toLowerCase();
    qb = tagListed
      ? qb.where('tickets.id', 'in', db.selectFrom('ticket_tags').select('ticket_tags.ticket_id').where('ticket_tags.tag', '=', tag))
      : qb.where((eb) => eb.exists(eb.selectFrom('ticket_tags').select('ticket_tags.ticket_id').whereRef('ticket_tags.ticket_id', '=', 'tickets.id').where('ticket_tags.tag', '=', tag)));
  }
  if (query.createdFrom) qb = qb.where('tickets.created_at', '>=', query.createdFrom);
  if (query.createdTo) qb = qb.where('tickets.created_at', '<', query.createdTo);
  if (query.updatedFrom) qb = qb.where('tickets.updated_at', '>=', query.updatedFrom);
  if (query.updatedTo) qb = qb.where('tickets.updated_at', '<', query.updatedTo);

  return qb;
}

/** One page (plus one row, to know whether there is a next page) of ids in the sort order. */
async function pageRows(db: Executor, actor: Actor, query: ListTicketsQuery, found: Found, sort: TicketSort, cursor: Cursor | undefined, limit: number): Promise<PageRow[]> {
  let qb = filtered(db, actor, query, found);
  const descending = sort.startsWith('-');
  const op = descending ? '<' : '>';
  const dir = descending ? 'desc' : 'asc';
  switch (sort) {
    case '-created':
    case 'created':
      if (cursor) qb = qb.where('tickets.id', op, cursor[1]);
      qb = found.match ? qb.orderBy(found.match.idOrder, dir) : qb.orderBy('tickets.id', dir);
      break;
    case '-updated':
    case 'updated': {
      if (cursor) {
        const [value, id] = cursor;
        qb = qb.where((eb) => eb.or([eb('tickets.updated_at', op, String(value)), eb.and([eb('tickets.updated_at', '=', String(value)), eb('tickets.id', op, id)])]));
      }
      qb = qb.orderBy('tickets.updated_at', dir).orderBy('tickets.id', dir);
      break;
    }
    case '-priority':
    case 'priority': {
      if (cursor) {
        const [value, id] = cursor;
        qb = qb.where((eb) => eb.or([eb('tickets.priority_rank', op, Number(value)), eb.and([eb('tickets.priority_rank', '=', Number(value)), eb('tickets.id', op, id)])]));
      }
      qb = qb.orderBy('tickets.priority_rank', dir).orderBy('tickets.id', dir);
      break;
    }
    case 'relevance':
      break;
  }

  return qb.limit(limit + 1).execute();
}

/** The page's tickets in the rows' order; `shown`: only these of them (the cursor still follows all rows). */
async function presentPage<Row extends { id: number }>(db: Executor, rows: Row[], limit: number, sortValue: (row: Row) => string | number, shown?: Set<number>) {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: await ticketsInOrder(
      db,
      page.map((r) => r.id).filter((id) => !shown || shown.has(id)),
    ),
    nextCursor: rows.length > limit && last ? encodeCursor([sortValue(last), last.id]) : null,
  };
}
