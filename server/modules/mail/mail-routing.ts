import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { MailRouteDto } from '../../../shared/contracts/mail-routing.ts';

/** Where a new ticket from mail lands: a group and perhaps a category. */
export interface MailRoute {
  groupId: number;
  categoryId: number | null;
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@'));

/**
 * The route of a mail's addresses, in the order given (the envelope recipients first, then To
 * and Cc): an exact address beats a domain, and earlier addresses beat later ones.
 */
export async function routeFor(db: Executor, recipients: readonly string[]): Promise<MailRoute | undefined> {
  const addresses = [...new Set(recipients.map((r) => r.trim().toLowerCase()).filter((r) => r.includes('@')))].slice(0, 100);
  if (addresses.length === 0) return undefined;
  const keys = [...new Set([...addresses, ...addresses.map(domainOf)])];
  const rows = await db.selectFrom('mail_routes').select(['address', 'group_id', 'category_id']).where('address', 'in', keys).execute();
  if (rows.length === 0) return undefined;
  const byKey = new Map(rows.map((r) => [r.address, r]));
  const hit = addresses.map((a) => byKey.get(a)).find(Boolean) ?? addresses.map((a) => byKey.get(domainOf(a))).find(Boolean);
  return hit ? { groupId: hit.group_id, categoryId: hit.category_id } : undefined;
}

export async function listMailRoutes(db: Executor, id?: number): Promise<MailRouteDto[]> {
  let qb = db
    .selectFrom('mail_routes')
    .innerJoin('groups', 'groups.id', 'mail_routes.group_id')
    .leftJoin('categories', 'categories.id', 'mail_routes.category_id')
    .select([
      'mail_routes.id',
      'mail_routes.address',
      'mail_routes.created_at',
      'mail_routes.updated_at',
      'groups.id as group_id',
      'groups.name as group_name',
      'categories.id as category_id',
      'categories.name as category_name',
    ])
    .orderBy('mail_routes.address');
  if (id !== undefined) qb = qb.where('mail_routes.id', '=', id);
  const rows = await qb.execute();
  return rows.map((r) => ({
    id: r.id,
    address: r.address,
    group: { id: r.group_id, name: r.group_name },
    category: r.category_id !== null && r.category_name !== null ? { id: r.category_id, name: r.category_name } : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function loadMailRoute(db: Executor, id: number): Promise<MailRouteDto> {
  const [route] = await listMailRoutes(db, id);
  if (!route) throw notFound(`Mail route ${id}`);
  return route;
}

async function checkTargets(db: Executor, groupId: number | undefined, categoryId: number | null | undefined): Promise<void> {
  if (groupId !== undefined && !(await db.selectFrom('groups').select('id').where('id', '=', groupId).executeTakeFirst())) {
    throw invalid(`Group ${groupId} does not exist.`, { groupId: 'Unknown group.' });
  }
  if (categoryId && !(await db.selectFrom('categories').select('id').where('id', '=', categoryId).executeTakeFirst())) {
    throw invalid(`Category ${categoryId} does not exist.`, { categoryId: 'Unknown category.' });
  }
}

async function checkFree(db: Executor, address: string, exceptId?: number): Promise<void> {
  let qb = db.selectFrom('mail_routes').select('id').where('address', '=', address);
  if (exceptId !== undefined) qb = qb.where('id', '<>', exceptId);
  if (await qb.executeTakeFirst()) throw new AppError('conflict', `${address} has a route already; change that one.`);
}

export async function createMailRoute(db: Executor, input: { address: string; groupId: number; categoryId?: number | null | undefined }): Promise<MailRouteDto> {
  await checkTargets(db, input.groupId, input.categoryId);
  await checkFree(db, input.address);
  const now = nowIso();
  const row = await db
    .insertInto('mail_routes')
    .values({ address: input.address, group_id: input.groupId, category_id: input.categoryId ?? null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return loadMailRoute(db, row.id);
}

export async function updateMailRoute(db: Executor, id: number, input: { address?: string | undefined; groupId?: number | undefined; categoryId?: number | null | undefined }): Promise<MailRouteDto> {
  await loadMailRoute(db, id);
  await checkTargets(db, input.groupId, input.categoryId);
  if (input.address !== undefined) await checkFree(db, input.address, id);
  await db
    .updateTable('mail_routes')
    .set({
      ...(input.address !== undefined ? { address: input.address } : {}),
      ...(input.groupId !== undefined ? { group_id: input.groupId } : {}),
      ...(input.categoryId !== undefined ? { category_id: input.categoryId } : {}),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
  return loadMailRoute(db, id);
}

export async function deleteMailRoute(db: Executor, id: number): Promise<void> {
  await loadMailRoute(db, id);
  await db.deleteFrom('mail_routes').where('id', '=', id).execute();
}
