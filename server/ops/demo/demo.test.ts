import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../test/run-command.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { createTestDatabase, DIALECTS } from '../../test/test-database.ts';
import { DEMO_AGENTS, DEMO_CUSTOMER, DEMO_PASSWORDS } from './demo-catalogue.ts';
import { runDemo } from './run-demo.ts';

interface Item {
  id: number;
  subject: string;
  group: { id: number; name: string };
  requester: { id: number };
  organisation: { id: number; name: string } | null;
}

describe.each(DIALECTS)('demo data on %s', (dialect) => {
  let t: TestApp;
  const count = async (table: 'tickets' | 'messages' | 'ticket_events' | 'users' | 'groups' | 'categories') =>
    Number(
      (
        await t.deps.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('loads people, teams, catalogue and tickets that the API shows to the right people', async () => {
    const summary = await runDemo(t.deps.db, dialect, { tickets: 300, sqlite: t.db.handle.sqlite });
    expect(summary.tickets).toBe(300);
    expect(await count('tickets')).toBe(300);
    expect(await count('messages')).toBe(summary.messages);
    expect(summary.messages).toBeGreaterThan(300);
    expect(await count('ticket_events')).toBeGreaterThan(300);
    expect(summary.created.users).toBeGreaterThan(200);
    const indexRows = dialect === 'sqlite' ? sql<{ n: number }>`SELECT count(*) AS n FROM ticket_fts` : sql<{ n: number }>`SELECT count(*) AS n FROM ticket_search`;
    expect(Number((await indexRows.execute(t.deps.db)).rows[0]!.n)).toBe(300);
    if (dialect === 'postgres') {
      // Vacuumed right after the load (vacuum-after-bulk-load.ts), not left to autovacuum: the
      // loaded tables' pages are all visible already.
      const { rows } = await sql<{ relname: string; vacuumed: boolean; visible: number; pages: number }>`
        SELECT c.relname, s.last_vacuum IS NOT NULL AS vacuumed, c.relallvisible AS visible, c.relpages AS pages
        FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.relname IN ('tickets', 'ticket_search', 'messages', 'ticket_events')`.execute(t.deps.db);
      expect(rows).toHaveLength(4);
      for (const row of rows) expect({ ...row, visible: row.visible > 0 && row.visible === row.pages }).toEqual({ ...row, vacuumed: true, visible: true });
    }

    // Every ticket was created: its history starts with "created", its first message is the requester's.
    const firstEvents = await t.deps.db.selectFrom('ticket_events').select(['ticket_id', 'kind']).where('kind', '=', 'created').execute();
    expect(firstEvents).toHaveLength(300);

    // The demo agent (Service Desk) sees only tickets of the Service Desk, and some of them.
    const agent = await t.login(summary.agent.email, DEMO_PASSWORDS.agent);
    const seen = await agent.get('/api/v1/tickets?limit=100');
    expect(seen.status).toBe(200);
    expect(seen.body.items.length).toBeGreaterThan(0);
    expect(new Set(seen.body.items.map((i: Item) => i.group.name))).toEqual(new Set(['Service Desk']));
    const queue = await agent.get('/api/v1/tickets?status=new,open&assignee=none');
    expect(queue.status).toBe(200);

    // A network specialist sees the network team's tickets, never the Service Desk's.
    const network = DEMO_AGENTS.find((a) => a.groups.join() === 'Netzwerk')!;
    const specialist = await t.login(network.email, DEMO_PASSWORDS.agent);
    const specialistItems: Item[] = (await specialist.get('/api/v1/tickets?limit=100')).body.items;
    expect(specialistItems.every((i) => i.group.name === 'Netzwerk')).toBe(true);
    const deskTicket = seen.body.items[0] as Item;
    expect((await specialist.get(`/api/v1/tickets/${deskTicket.id}`)).status).toBe(404);

    // German and English search find demo tickets about printers (stems: Drucker, druckt, gedruckt…).
    const german = await t.admin.client.get(`/api/v1/tickets?q=${encodeURIComponent('Drucker')}&limit=100`);
    expect(german.status).toBe(200);
    expect(german.body.items.length).toBeGreaterThan(0);
    expect(german.body.items.some((i: Item) => /druck/i.test(i.subject))).toBe(true);
    const english = await t.admin.client.get('/api/v1/tickets?q=printer&limit=100');
    expect(english.body.items.length).toBeGreaterThan(0);
    expect(english.body.items.some((i: Item) => /print/i.test(i.subject))).toBe(true);
    // A word being typed ("Druckw" → Druckwarteschlange): found through the word list the loader writes.
    const typed = (await t.admin.client.get(`/api/v1/tickets?q=Druckw&limit=100`)).body.items.map((i: Item) => i.id);
    const whole = (await t.admin.client.get(`/api/v1/tickets?q=Druckwarteschlange&limit=100`)).body.items.map((i: Item) => i.id);
    expect(whole.length).toBeGreaterThan(0);
    expect(typed).toEqual(whole);
    // Folded spellings meet: "zuruecksetzen" finds "zurücksetzen".
    expect((await t.admin.client.get('/api/v1/tickets?q=zuruecksetzen')).body.items.length).toBeGreaterThan(0);

    // The demo customer sees their own and their sharing organisation's tickets only.
    const customer = await t.login(DEMO_CUSTOMER.email, DEMO_PASSWORDS.customer);
    const own: Item[] = (await customer.get('/api/v1/tickets?limit=100')).body.items;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((i) => i.organisation?.name === DEMO_CUSTOMER.organisation)).toBe(true);
    const foreign = seen.body.items.find((i: Item) => i.organisation?.name !== DEMO_CUSTOMER.organisation) as Item;
    expect((await customer.get(`/api/v1/tickets/${foreign.id}`)).status).toBe(404);
    // Words that stand only in internal notes ("Logdateien", "Fileshare") never match for customers.
    expect((await t.admin.client.get('/api/v1/tickets?q=Logdateien')).body.items.length).toBeGreaterThan(0);
    expect((await customer.get('/api/v1/tickets?q=Logdateien')).body.items).toEqual([]);
    const notes = await customer.get(`/api/v1/tickets/${own[0]!.id}/messages`);
    expect(notes.status).toBe(200);
    expect(notes.body.items.every((m: { internal: boolean }) => m.internal === false)).toBe(true);
  });

  it('runs a second time: keeps people and teams, adds tickets', async () => {
    const users = await count('users');
    const groups = await count('groups');
    const categories = await count('categories');
    const before = await count('tickets');
    const summary = await runDemo(t.deps.db, dialect, { tickets: 40 });
    expect(summary.created).toEqual({ organisations: 0, groups: 0, users: 0, categories: 0 });
    expect(await count('users')).toBe(users);
    expect(await count('groups')).toBe(groups);
    expect(await count('categories')).toBe(categories);
    expect(await count('tickets')).toBe(before + 40);
    // New tickets are numbered after the old ones and can be worked through the API.
    const newest = (await t.admin.client.get('/api/v1/tickets?limit=1')).body.items[0] as Item;
    const messages = await t.admin.client.get(`/api/v1/tickets/${newest.id}/messages`);
    expect(messages.status).toBe(200);
    expect(messages.body.items.length).toBeGreaterThan(0);
  });
});

describe.each(DIALECTS)('anlauf demo (CLI) on %s', (dialect) => {
  it('loads demo data, prints a summary and the demo sign-ins, and rejects a bad --tickets', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-demo-cli-'));
    const database = dialect === 'postgres' ? await createTestDatabase('postgres') : undefined;
    const env = { ANLAUF_DATA_DIR: dataDir, ANLAUF_ADMIN_PASSWORD: 'admin-password-1', DATABASE_URL: database?.databaseUrl };
    try {
      const run = await runCommand(['demo', '--tickets', '20'], env);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^Demo data loaded: 20 tickets with \d+ messages; new: \d+ users/);
      expect(run.stdout).toContain(`${DEMO_AGENTS[0]!.email} / ${DEMO_PASSWORDS.agent}`);
      expect(run.stdout).toContain(`${DEMO_CUSTOMER.email} / ${DEMO_PASSWORDS.customer}`);
      const again = await runCommand(['demo', '--tickets', '20'], env);
      expect(again.status).toBe(0);
      expect(again.stdout).toMatch(/^Demo data loaded: 20 tickets .* new: 0 users, 0 organisations, 0 groups, 0 categories/);
      const bad = await runCommand(['demo', '--tickets', '-3'], env);
      expect(bad.status).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
