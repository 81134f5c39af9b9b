import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { nowIso } from '../db/database.ts';
import { errorHandler } from './error-handler.ts';

describe.each(DIALECTS)('a delete that a reference blocks on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('answers 409 in_use, not 500, when the delete checked too little', async () => {
    const db = database.handle.db;
    const now = nowIso();
    const group = await db.insertInto('groups').values({ name: 'Nur hier', level: '2', description: '', is_default: 0, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('mail_routes').values({ address: 'nur-hier@example.com', group_id: group.id, category_id: null, created_at: now, updated_at: now }).execute();
    // A route that deletes without asking what uses the row, as a new table's reference would slip past a check.
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    app.delete('/groups/:id', async () => {
      await db.deleteFrom('groups').where('id', '=', group.id).execute();
      return { deleted: true };
    });
    const answer = await app.inject({ method: 'DELETE', url: `/groups/${group.id}` });
    expect(answer.statusCode).toBe(409);
    expect(answer.json().error).toMatchObject({ code: 'in_use', message: expect.stringContaining('deactivate') });
    expect(await db.selectFrom('groups').select('id').where('id', '=', group.id).execute()).toHaveLength(1);
    await app.close();
  });
});
