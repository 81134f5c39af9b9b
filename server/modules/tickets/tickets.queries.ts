import type { Actor } from '../auth/auth.queries.ts';
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import { prepared } from '../../platform/db/prepared.ts';
import { notFound } from '../../platform/errors.ts';
import { forViewer, presentTicket, type TicketRow } from './tickets.presenter.ts';
import { visibleTickets } from './tickets.policy.ts';
import type { TicketDto } from '../../../shared/contracts/tickets.ts';

/** The ticket columns with requester, assignee, group, organisation and category names joined. */
export function selectTickets(db: Executor) {
  return (
    db
      .selectFrom('tickets')
      .innerJoin('users as requester', 'requester.id', 'tickets.requester_id')
      .innerJoin('groups', 'groups.id', 'tickets.group_id')
      .leftJoin('users as assignee', 'assignee.id', 'tickets.assignee_id')
      .leftJoin('organisations', 'organisations.id', 'tickets.organisation_id')
      .leftJoin('categories', 'categories.id', 'tickets.category_id')
      // The SLA clock is kept by modules/sla in its own table; the ticket only shows it.
      .leftJoin('ticket_sla', 'ticket_sla.ticket_id', 'tickets.id')
      .leftJoin('sla_policies', 'sla_policies.id', 'ticket_sla.policy_id')
      .select([
        'tickets.id',
        'tickets.subject',
        'tickets.status',
        'tickets.priority',
        'tickets.channel',
        'tickets.version',
        'tickets.created_at',
        'tickets.updated_at',
        'tickets.resolved_at',
        'tickets.closed_at',
        'tickets.pending_until',
        'tickets.requester_id',
        'requester.name as requester_name',
        'requester.email as requester_email',
        'tickets.organisation_id',
        'organisations.name as organisation_name',
        'tickets.assignee_id',
        'assignee.name as assignee_name',
        'tickets.group_id',
        'groups.name as group_name',
        'groups.level as group_level',
        'tickets.category_id',
        'categories.name as category_name',
        'ticket_sla.policy_id as sla_policy_id',
        'sla_policies.name as sla_policy_name',
        'ticket_sla.first_response_due_at as sla_first_response_due_at',
        'ticket_sla.resolution_due_at as sla_resolution_due_at',
        'ticket_sla.first_response_breached as sla_first_response_breached',
        'ticket_sla.resolution_breached as sla_resolution_breached',
        'ticket_sla.first_response_warned as sla_first_response_warned',
        'ticket_sla.resolution_warned as sla_resolution_warned',
        'ticket_sla.paused_since as sla_paused_since',
        'ticket_sla.first_responded_at as sla_first_responded_at',
        'ticket_sla.stopped_at as sla_stopped_at',
        'ticket_sla.next_response_since as sla_next_response_since',
        'ticket_sla.next_response_due_at as sla_next_response_due_at',
        'ticket_sla.next_response_warned as sla_next_response_warned',
        'ticket_sla.next_response_breached as sla_next_response_breached',
      ])
  );
}

/**
 * One ticket's tags as a JSON array inside its own row, sorted as `tagsOf` sorts them: a single
 * ticket costs one statement instead of two (a round trip less on PostgreSQL).
 */
function tagsColumn(db: Executor) {
  return dialectOf(db) === 'postgres'
    ? sql<string[] | null>`(select json_agg(tag order by tag) from ticket_tags where ticket_tags.ticket_id = tickets.id)`.as('tags')
    : sql<string | null>`(select json_group_array(tag order by tag) from ticket_tags where ticket_tags.ticket_id = tickets.id)`.as('tags');
}

/** PostgreSQL's driver parses json itself; SQLite hands back the text. */
function tagsOfColumn(tags: string | string[] | null): string[] {
  if (tags === null) return [];
  return typeof tags === 'string' ? (JSON.parse(tags) as string[]) : tags;
}

async function tagsOf(db: Executor, ticketIds: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (ticketIds.length === 0) return map;
  const rows = await db.selectFrom('ticket_tags').select(['ticket_id', 'tag']).where('ticket_id', 'in', ticketIds).orderBy('tag').execute();
  for (const row of rows) {
    const list = map.get(row.ticket_id) ?? [];
    list.push(row.tag);
    map.set(row.ticket_id, list);
  }
  return map;
}

/**
 * The tickets with these ids, presented, in the order of `ids` (a page of a list, the best
 * similar tickets); ids of tickets that are gone are left out. On PostgreSQL each row carries its
 * tags (one round trip instead of two); SQLite reads them in a statement of their own, where a
 * statement costs no round trip and the tags of a page are one index range each instead of one
 * sort per row.
 */
export async function ticketsInOrder(db: Executor, ids: number[]): Promise<TicketDto[]> {
  if (ids.length === 0) return [];
  const inIds = selectTickets(db).where('tickets.id', 'in', ids);
  let present: (row: TicketRow) => TicketDto;
  let rows: TicketRow[];
  if (dialectOf(db) === 'postgres') {
    const tagged = await inIds.select(tagsColumn(db)).execute();
    rows = tagged;
    const tags = new Map(tagged.map((row) => [row.id, tagsOfColumn(row.tags)]));
    present = (row) => presentTicket(row, tags.get(row.id)!);
  } else {
    rows = await inIds.execute();
    const tags = await tagsOf(db, ids);
    present = (row) => presentTicket(row, tags.get(row.id) ?? []);
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [present(row)] : [];
  });
}

/** One ticket the actor may see, or a 404 (also when it exists but is not theirs). */
/**
 * A ticket without a visibility check: for commands after they authorised the change (the actor
 * may lose sight of the ticket through it, e.g. by moving it to another group).
 */
/** Seven joins and some forty columns: built once (platform/db/prepared.ts); every change answers with it. */
const ticketById = prepared((db, p: { id: number }) => selectTickets(db).select(tagsColumn(db)).where('tickets.id', '=', p.id));

export async function loadTicket(db: Executor, id: number): Promise<TicketDto> {
  const row = await ticketById.takeFirst(db, { id });
  if (!row) throw notFound(`Ticket #${id}`);
  return presentTicket(row, tagsOfColumn(row.tags));
}

export async function loadVisibleTicket(db: Executor, actor: Actor, id: number): Promise<TicketDto> {
  const row = await selectTickets(db).select(tagsColumn(db)).where('tickets.id', '=', id).where(visibleTickets(actor)).executeTakeFirst();
  if (!row) throw notFound(`Ticket #${id}`);
  return forViewer(actor, presentTicket(row, tagsOfColumn(row.tags)));
}
