import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { LIMITS } from '../../../shared/enums.ts';
import { afterNameCursor, containsText, decodeNameCursor, pageOf } from '../users/list-paging.ts';
import { isUniqueViolation } from '../../platform/db/constraint-violations.ts';
import type { CreateOrganisationBody, ListOrganisationsQuery, UpdateOrganisationBody } from '../../../shared/contracts/organisations.ts';

export async function findOrganisation(db: Executor, id: number) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function loadOrganisation(db: Executor, id: number) {
  const row = await findOrganisation(db, id);
  if (!row) throw notFound('The organisation');
  return row;
}

/** Organisations by name, filtered by a part of the name, in keyset pages. */
export async function listOrganisations(db: Executor, query: ListOrganisationsQuery) {
  const limit = query.limit ?? LIMITS.pageSizeDefault;
  // Database order: the keyset cursor continues from it (see platform/sort-by-name.ts).
  let qb = db
    .selectFrom('organisations')
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .limit(limit + 1);
  if (query.q?.trim()) qb = qb.where(containsText('name', query.q));
  if (query.kind) qb = qb.where('kind', '=', query.kind);
  if (!query.all) qb = qb.where('active', '=', 1);
  if (query.cursor) qb = qb.where(afterNameCursor('name', 'id', decodeNameCursor(query.cursor)));
  return pageOf(await qb.execute(), limit);
}

const duplicate = (name: string) => new AppError('conflict', `An organisation named "${name}" exists already.`, { fields: { name: 'Already taken.' } });

async function assertNameFree(db: Executor, name: string, exceptId?: number): Promise<void> {
  let qb = db
    .selectFrom('organisations')
    .select('id')
    .where(sql<boolean>`lower(name) = ${name.toLowerCase()}`);
  if (exceptId !== undefined) qb = qb.where('id', '<>', exceptId);
  if (await qb.executeTakeFirst()) throw duplicate(name);
}

export async function insertOrganisation(db: Executor, input: CreateOrganisationBody) {
  await assertNameFree(db, input.name);
  try {
    return await db
      .insertInto('organisations')
      .values({ name: input.name, kind: input.kind, domain: input.domain ?? null, shares_tickets: input.sharesTickets ? 1 : 0, domain_trusted: input.domainTrusted ? 1 : 0, created_at: nowIso() })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input.name);
    throw error;
  }
}

export async function updateOrganisation(db: Executor, id: number, input: UpdateOrganisationBody) {
  const before = await loadOrganisation(db, id);
  if (input.name !== undefined) await assertNameFree(db, input.name, id);
  const set = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.domain !== undefined ? { domain: input.domain } : {}),
    ...(input.sharesTickets !== undefined ? { shares_tickets: input.sharesTickets ? 1 : 0 } : {}),
    ...(input.domainTrusted !== undefined ? { domain_trusted: input.domainTrusted ? 1 : 0 } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
  };
  if (Object.keys(set).length === 0) return before;
  try {
    return await db.updateTable('organisations').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input.name ?? before.name);
    throw error;
  }
}
