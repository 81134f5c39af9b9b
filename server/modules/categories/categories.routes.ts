import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor, requireAdmin } from '../auth/auth-plugin.ts';
import { forbidden } from '../../platform/errors.ts';
import { presentCategory } from './categories.presenter.ts';
import { deleteCategory } from './delete-category.ts';
import { insertCategory, listCategories, updateCategory } from './categories.queries.ts';
import { categoryListSchema, categoryParams, categorySchema, createCategoryBody, listCategoriesQuery, updateCategoryBody } from '../../../shared/contracts/categories.ts';

export async function categoryRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['categories'];

  app.get(
    '/categories',
    { schema: { tags, summary: 'The service catalogue: active categories (admins: all=true for every one)', querystring: listCategoriesQuery, response: { 200: categoryListSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const all = request.query.all ?? false;
      if (all && actor.role !== 'admin') throw forbidden('Only administrators see deactivated categories.');
      return { items: (await listCategories(deps.db, { all })).map(presentCategory) };
    },
  );

  app.post(
    '/categories',
    { schema: { tags, summary: 'Add a category, optionally below a top-level one, with the group that handles it (admins)', body: createCategoryBody, response: { 201: categorySchema } } },
    async (request, reply) => {
      requireAdmin(request);
      const row = await deps.db.transaction().execute((trx) => insertCategory(trx, request.body));
      return reply.status(201).send(presentCategory(row));
    },
  );

  app.patch(
    '/categories/:id',
    { schema: { tags, summary: 'Rename, (de)activate or route a category to a group (admins)', params: categoryParams, body: updateCategoryBody, response: { 200: categorySchema } } },
    async (request) => {
      requireAdmin(request);
      return presentCategory(await deps.db.transaction().execute((trx) => updateCategory(trx, request.params.id, request.body)));
    },
  );

  app.delete(
    '/categories/:id',
    { schema: { tags, summary: 'Delete a category nothing refers to; 409 in_use names what still does (deactivate it instead) (admins)', params: categoryParams } },
    async (request, reply) => {
      requireAdmin(request);
      await deps.db.transaction().execute((trx) => deleteCategory(trx, request.params.id));
      return reply.status(204).send();
    },
  );
}
