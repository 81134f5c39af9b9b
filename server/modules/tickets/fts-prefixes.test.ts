import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import * as ftsPrefixes from '../../platform/db/migrations/2026-12-02T0200-fts-prefixes.ts';

/**
 * SQLite's ticket index dropped its two-letter prefix index (migration 2026-12-02T0200): the
 * rebuilt table must find exactly what the old one found, for whole words, typed prefixes,
 * internal notes and a requester's own tickets, and keep indexing new tickets.
 */
describe('the full-text index without a two-letter prefix index (SQLite)', () => {
  let t: TestApp;
  let agent: TestUser;
  let customer: TestUser;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    agent = await t.user({ role: 'agent' });
    customer = await t.user({ role: 'customer' });
    const make = async (key: string, subject: string, body: string) => {
      const res = await customer.client.post('/api/v1/tickets', { subject, body });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    };
    await make('printer', 'Drucker druckt nur leere Seiten', 'Der Drucker im Flur (Dr. Kyocera) zieht kein Papier ein.');
    await make('outlook', 'Outlook startet nicht mehr', 'Seit dem Update hängt Outlook beim Profil laden.');
    await make('vpn', 'VPN trennt ständig', 'The VPN client drops every ten minutes.');
    const note = await agent.client.post(`/api/v1/tickets/${ids.vpn}/messages`, { body: 'Intern: Firewall-Regel Zscaler prüfen', internal: true });
    expect(note.status).toBe(201);
  });
  afterAll(() => t.close());

  const search = async (who: TestUser, q: string) => {
    const res = await who.client.get(`/api/v1/tickets?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return (res.body.items as { id: number }[]).map((i) => i.id).sort((x, y) => x - y);
  };
  const prefixOption = async () => {
    const { rows } = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'ticket_fts'`.execute(t.db.handle.db);
    return /prefix\s*=\s*'([^']*)'/.exec(rows[0]!.sql)?.[1];
  };
  const QUERIES: Array<[who: 'agent' | 'customer', q: string]> = [
    ['agent', 'drucker'],
    ['agent', 'Dru'],
    ['agent', 'Druc'],
    ['agent', 'Outlo'],
    ['agent', 'Dr'],
    ['agent', 'zscaler'],
    ['agent', 'Zsc'],
    ['customer', 'zscaler'],
    ['customer', 'vpn'],
    ['customer', 'Pap'],
    ['customer', 'leere Seiten'],
  ];
  const answers = async () => {
    const found: string[] = [];
    for (const [who, q] of QUERIES) found.push(`${who} ${q}: ${(await search(who === 'agent' ? agent : customer, q)).join(',')}`);
    return found;
  };

  it('finds the same tickets before and after the rebuild, and indexes new tickets', async () => {
    expect(await prefixOption()).toBe('3 4');
    const after = await answers();
    await ftsPrefixes.down(t.db.handle.db);
    expect(await prefixOption()).toBe('2 3 4');
    expect(await answers()).toEqual(after);
    await ftsPrefixes.up(t.db.handle.db);
    expect(await prefixOption()).toBe('3 4');
    expect(await answers()).toEqual(after);
    // The answers themselves, so that an index that finds nothing cannot pass.
    expect(after).toContain(`agent Dru: ${ids.printer}`);
    expect(after).toContain(`agent Outlo: ${ids.outlook}`);
    expect(after).toContain(`agent zscaler: ${ids.vpn}`);
    expect(after).toContain('customer zscaler: ');
    expect(after).toContain(`customer Pap: ${ids.printer}`);

    const later = await customer.client.post('/api/v1/tickets', { subject: 'Druckerwarteschlange hängt', body: 'Nichts kommt raus.' });
    expect(later.status).toBe(201);
    expect(await search(agent, 'Druckerw')).toEqual([later.body.id]);
  });
});
