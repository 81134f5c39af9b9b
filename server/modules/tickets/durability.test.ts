import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { killHard, runCli, startServer } from '../../test/server-process.ts';

/** A 201 means committed: kill the server the moment it answers, restart, and the ticket is there. */
describe.each(DIALECTS)('durability of acknowledged tickets on %s', (dialect) => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await database.handle.destroy();
    env = { ANLAUF_DATA_DIR: database.dataDir, ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}) };
    const added = runCli(['user', 'add', '--email', 'durable@example.test', '--name', 'Dora Durable', '--role', 'agent'], env);
    expect(added.status, added.stderr).toBe(0);
    const tokenRun = runCli(['token', 'add', '--email', 'durable@example.test'], env);
    expect(tokenRun.status, tokenRun.stderr).toBe(0);
    token = tokenRun.stdout.trim().split('\n').pop()!;
  }, 120_000);
  afterAll(async () => {
    await database.drop();
  });

  it('keeps every ticket that got a 201 across SIGKILL and restart', { timeout: 240_000 }, async () => {
    const acknowledged: number[] = [];
    for (let round = 0; round < 2; round++) {
      const server = await startServer(env);
      // Fire a burst of concurrent creations and kill the process as soon as the first answers.
      const requests = Array.from({ length: 20 }, (_, i) =>
        fetch(`${server.url}/api/v1/tickets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ subject: `Runde ${round} Nr. ${i}`, body: 'Bitte nicht verlieren.' }),
        })
          .then(async (res) => {
            if (res.status === 201) acknowledged.push(((await res.json()) as { id: number }).id);
            else if (res.status !== 201) throw new Error(`unexpected ${res.status}`);
          })
          .catch((error: unknown) => (error instanceof Error && error.message.startsWith('unexpected') ? Promise.reject(error) : undefined)),
      );
      await Promise.race(requests);
      await killHard(server.child);
      await Promise.all(requests);
    }
    expect(acknowledged.length).toBeGreaterThan(0);
    const server = await startServer(env);
    try {
      for (const id of acknowledged) {
        const res = await fetch(`${server.url}/api/v1/tickets/${id}`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status, `ticket ${id}`).toBe(200);
        const messages = await fetch(`${server.url}/api/v1/tickets/${id}/messages`, { headers: { authorization: `Bearer ${token}` } });
        expect(((await messages.json()) as { items: unknown[] }).items).toHaveLength(1);
      }
    } finally {
      await killHard(server.child);
    }
  });
});
