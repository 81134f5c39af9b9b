import type { Executor } from '../../platform/db/database.ts';
import { countRows } from '../../platform/db/count-rows.ts';
import { inUse, type Use } from '../../platform/errors.ts';
import { slaPoliciesNaming } from '../sla/policies-naming.ts';
import { loadCategory } from './categories.queries.ts';

/** Everything that names the category: tickets (now or in their history), subcategories, articles, SLA policies. */
async function usesOfCategory(db: Executor, id: number): Promise<Use[]> {
  const value = String(id);
  const uses: Use[] = [
    { what: 'tickets', one: 'ticket', count: await countRows(db.selectFrom('tickets').where('category_id', '=', id)) },
    {
      what: 'history entries',
      one: 'history entry',
      count: await countRows(
        db
          .selectFrom('ticket_events')
          .where('field', '=', 'category')
          .where((eb) => eb.or([eb('old_value', '=', value), eb('new_value', '=', value)])),
      ),
    },
    { what: 'subcategories', one: 'subcategory', count: await countRows(db.selectFrom('categories').where('parent_id', '=', id)) },
    { what: 'articles', one: 'article', count: await countRows(db.selectFrom('kb_articles').where('category_id', '=', id)) },
    { what: 'SLA policies', one: 'SLA policy', count: await slaPoliciesNaming(db, 'categoryId', id) },
    { what: 'mail routes', one: 'mail route', count: await countRows(db.selectFrom('mail_routes').where('category_id', '=', id)) },
    { what: 'known solutions', one: 'known solution', count: await countRows(db.selectFrom('kb_articles').where('solution_category_id', '=', id)) },
  ];
  return uses.filter((u) => u.count > 0);
}

/** Deletes a category nothing refers to; otherwise 409 `in_use` with what still uses it. */
export async function deleteCategory(db: Executor, id: number): Promise<void> {
  const category = await loadCategory(db, id);
  const uses = await usesOfCategory(db, id);
  if (uses.length > 0) throw inUse(`The category "${category.name}"`, uses);
  await db.deleteFrom('categories').where('id', '=', id).execute();
}
