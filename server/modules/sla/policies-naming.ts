import type { Executor } from '../../platform/db/database.ts';

/** How many SLA policies name the id in their conditions (JSON) under `key`: a category or organisation in use. */
export async function slaPoliciesNaming(db: Executor, key: 'categoryId' | 'organisationId', id: number): Promise<number> {
  const policies = await db.selectFrom('sla_policies').select('conditions').execute();
  return policies.filter((p) => {
    const ids = (JSON.parse(p.conditions || '{}') as Record<string, unknown>)[key];
    return Array.isArray(ids) && ids.includes(id);
  }).length;
}
