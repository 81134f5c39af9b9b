import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../platform/db/database.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { bootstrap } from './bootstrap.ts';

// Several processes on one database is the PostgreSQL set-up (SQLite serves from one process;
// its immediate transactions serialise a second one anyway).
describe.skipIf(!DIALECTS.includes('postgres'))('first start of several processes on PostgreSQL', () => {
  let db: TestDatabase;
  const handles: DatabaseHandle[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    for (const h of handles) await h.destroy();
    await db.drop();
  });

  it('sets up the installation once when several processes start together', async () => {
    // Five processes (own connections) start at once on the empty database, as web and worker processes do.
    for (let i = 0; i < 5; i++) handles.push(openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir }));
    const results = await Promise.all(handles.map((h) => bootstrap(h.db, { adminEmail: 'admin@anlauf.test', adminPassword: 'admin-password-1' })));
    expect(results.filter((r) => r.admin)).toHaveLength(1);
    const kdb = db.handle.db;
    expect((await kdb.selectFrom('groups').select('name').execute()).map((g) => g.name).sort()).toEqual(['2nd Level Support', '3rd Level Support', 'Service Desk']);
    expect(await kdb.selectFrom('users').select(['email', 'role']).execute()).toEqual([{ email: 'admin@anlauf.test', role: 'admin' }]);
  });
});
