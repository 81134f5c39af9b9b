import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { ProblemsTable } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import type { Actor } from '../auth/auth.queries.ts';
import { visibleArticles } from '../knowledge/knowledge.policy.ts';
import { visibleTickets } from '../tickets/tickets.policy.ts';
import type { TicketStatus } from '../../../shared/enums.ts';
import type { KnownSolutionDto, ListProblemsQuery, ProblemDto, ProblemListDto, ProblemStatus, ProblemSummaryDto, TicketProblemDto } from '../../../shared/contracts/problems.ts';
import { LIMITS } from '../../../shared/enums.ts';

export type ProblemRow = Selectable<ProblemsTable>;

export async function problemRow(db: Executor, id: number): Promise<ProblemRow> {
  const row = await db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`Problem P-${id}`);
  return row;
}

async function namesOf(db: Executor, table: 'users' | 'groups', ids: Array<number | null>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

const named = (names: Map<number, string>, id: number | null) => (id !== null && names.has(id) ? { id, name: names.get(id)! } : null);

async function presentSummaries(db: Executor, rows: ProblemRow[]): Promise<ProblemSummaryDto[]> {
  if (rows.length === 0) return [];
  const users = await namesOf(
    db,
    'users',
    rows.map((r) => r.owner_id),
  );
  const groups = await namesOf(
    db,
    'groups',
    rows.map((r) => r.owner_group_id),
  );
  const counts = await db
    .selectFrom('problem_tickets')
    .select(['problem_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where(
      'problem_id',
      'in',
      rows.map((r) => r.id),
    )
    .groupBy('problem_id')
    .execute();
  const countOf = new Map(counts.map((c) => [c.problem_id, Number(c.n)]));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status as ProblemStatus,
    ownerGroup: named(groups, r.owner_group_id),
    owner: named(users, r.owner_id),
    ticketCount: countOf.get(r.id) ?? 0,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** The articles marked as the problem's known solution or workaround that the actor may read. */
export async function knownSolutionsOf(db: Executor, actor: Actor, problemId: number): Promise<KnownSolutionDto[]> {
  const rows = await db
    .selectFrom('kb_articles')
    .select(['id', 'slug', 'title', 'locale', 'solution_kind'])
    .where(visibleArticles(actor))
    .where('solution_problem_id', '=', problemId)
    .where('solution_kind', 'is not', null)
    .where('status', '!=', 'archived')
    .orderBy('id')
    .limit(20)
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, locale: r.locale as KnownSolutionDto['locale'], kind: r.solution_kind as KnownSolutionDto['kind'] }));
}

/** One problem as an agent reads it: every linked ticket's number, the visible ones with subject and status. */
export async function presentProblem(db: Executor, actor: Actor, row: ProblemRow): Promise<ProblemDto> {
  const [summary] = await presentSummaries(db, [row]);
  const links = await db.selectFrom('problem_tickets').select(['ticket_id', 'created_at']).where('problem_id', '=', row.id).orderBy('ticket_id').execute();
  const visible =
    links.length === 0
      ? []
      : await db
          .selectFrom('tickets')
          .innerJoin('problem_tickets', 'problem_tickets.ticket_id', 'tickets.id')
          .select(['tickets.id', 'tickets.subject', 'tickets.status', 'problem_tickets.created_at as linked_at'])
          .where('problem_tickets.problem_id', '=', row.id)
          .where(visibleTickets(actor))
          .orderBy('tickets.id')
          .execute();
  const creator = await namesOf(db, 'users', [row.created_by]);
  return {
    ...summary!,
    description: row.description,
    rootCause: row.root_cause,
    workaround: row.workaround,
    version: row.version,
    resolvedAt: row.resolved_at,
    createdBy: named(creator, row.created_by),
    ticketIds: links.map((l) => l.ticket_id),
    tickets: visible.map((t) => ({ id: t.id, subject: t.subject, status: t.status as TicketStatus, linkedAt: t.linked_at })),
    knownSolutions: await knownSolutionsOf(db, actor, row.id),
  };
}

export async function loadProblem(db: Executor, actor: Actor, id: number): Promise<ProblemDto> {
  return presentProblem(db, actor, await problemRow(db, id));
}

/** Newest first, keyset paging on the id; q matches words of the title or a number ("12", "P-12"). */
export async function listProblems(db: Executor, query: ListProblemsQuery): Promise<ProblemListDto> {
  const limit = query.limit ?? LIMITS.pageSizeDefault;
  let qb = db
    .selectFrom('problems')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (query.status) qb = qb.where('status', '=', query.status);
  if (query.cursor) qb = qb.where('id', '<', query.cursor);
  const q = query.q?.trim();
  if (q) {
    const number = /^(?:p-?)?(\d{1,9})$/i.exec(q);
    const words = q
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => w.replace(/[\\%_]/g, ''))
      .filter(Boolean)
      .map((w) => `%${w}%`);
    qb = qb.where((eb) => eb.or([...(number ? [eb('id', '=', Number(number[1]))] : []), eb.and(words.map((w) => eb(eb.fn<string>('lower', ['title']), 'like', w)))]));
  }
  const rows = await qb.execute();
  const page = rows.slice(0, limit);
  return { items: await presentSummaries(db, page), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}

/** The problem a ticket belongs to (the ticket view), after the caller's sight of the ticket was checked. */
export async function ticketProblem(db: Executor, actor: Actor, ticketId: number): Promise<TicketProblemDto> {
  const row = await db
    .selectFrom('problem_tickets')
    .innerJoin('problems', 'problems.id', 'problem_tickets.problem_id')
    .select(['problems.id', 'problems.title', 'problems.status', 'problems.workaround'])
    .where('problem_tickets.ticket_id', '=', ticketId)
    .executeTakeFirst();
  if (!row) return { problem: null };
  return { problem: { id: row.id, title: row.title, status: row.status as ProblemStatus, workaround: row.workaround, knownSolutions: await knownSolutionsOf(db, actor, row.id) } };
}
