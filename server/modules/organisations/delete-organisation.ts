import type { Executor } from '../../platform/db/database.ts';
import { countRows } from '../../platform/db/count-rows.ts';
import { inUse, type Use } from '../../platform/errors.ts';
import { slaPoliciesNaming } from '../sla/policies-naming.ts';
import { loadOrganisation } from './organisations.queries.ts';

/** Everything that names the organisation: its people, tickets, articles for it, SLA policies. */
async function usesOfOrganisation(db: Executor, id: number): Promise<Use[]> {
  const uses: Use[] = [
    { what: 'users', one: 'user', count: await countRows(db.selectFrom('users').where('organisation_id', '=', id)) },
    { what: 'tickets', one: 'ticket', count: await countRows(db.selectFrom('tickets').where('organisation_id', '=', id)) },
    { what: 'articles', one: 'article', count: await countRows(db.selectFrom('kb_articles').where('organisation_id', '=', id)) },
    { what: 'SLA policies', one: 'SLA policy', count: await slaPoliciesNaming(db, 'organisationId', id) },
  ];
  return uses.filter((u) => u.count > 0);
}

/** Deletes an organisation nothing refers to; otherwise 409 `in_use` with what still uses it. */
export async function deleteOrganisation(db: Executor, id: number): Promise<void> {
  const organisation = await loadOrganisation(db, id);
  const uses = await usesOfOrganisation(db, id);
  if (uses.length > 0) throw inUse(`The organisation "${organisation.name}"`, uses);
  await db.deleteFrom('organisations').where('id', '=', id).execute();
}
