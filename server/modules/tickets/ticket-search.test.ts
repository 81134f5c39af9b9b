import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { fold, queryTerms } from '../../platform/search/normalise.ts';
import { matchTickets } from './ticket-index.ts';

describe('text normalisation', () => {
  it('folds umlauts, ß and their transliterations to one form', () => {
    expect(new Set([fold('zurücksetzen'), fold('zuruecksetzen'), fold('zurucksetzen'), fold('ZURÜCKSETZEN')]).size).toBe(1);
    expect(fold('Straße')).toBe(fold('strasse'));
  });

  it('turns any text into plain word prefixes, never into query syntax', () => {
    const groups = queryTerms(`"drop table" OR 1=1; -- * NEAR( ) :`);
    expect(groups.map((g) => g.alternatives[0])).toEqual(['drop', 'tabl', 'or', '1', '1', 'near']);
    expect(groups.map((g) => g.prefix)).toEqual([false, false, false, false, false, true]);
    for (const term of groups.flatMap((g) => g.alternatives)) expect(term).toMatch(/^[a-z0-9]+$/);
    expect(queryTerms('  ;;; ')).toEqual([]);
  });
});

describe.each(DIALECTS)('ticket search on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let customer: TestUser;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = await t.user({ role: 'agent' });
    customer = await t.user({ role: 'customer' });
    const other = await t.user({ role: 'customer' });
    const make = async (key: string, who: TestUser, subject: string, body: string) => {
      const res = await who.client.post('/api/v1/tickets', { subject, body });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    };
    await make('reset', customer, 'Passwort zurücksetzen', 'Ich kann mein Kennwort nicht zurücksetzen.');
    await make('printer', customer, 'Der Drucker der Buchhaltung', 'Keiner unserer Druckern druckt.');
    await make('printerEn', other, 'Printers offline', 'All printers on floor 3 are offline.');
    await make('outlook', customer, 'Outlook startet nicht', 'Outlook hängt beim Start bei "Profil wird geladen".');
    await make('vpn', other, 'VPN drops', 'The VPN connection drops every ten minutes, printer too.');
    await agent.client.post(`/api/v1/tickets/${ids.vpn}/messages`, { body: 'Intern: Firewall-Regel Kolibri prüfen', internal: true });
  });
  afterAll(() => t.close());

  const find = async (who: TestUser, q: string, extra = '') => {
    const res = await who.client.get(`/api/v1/tickets?q=${encodeURIComponent(q)}${extra}`);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: number }>).map((i) => i.id).sort((a, b) => a - b);
  };

  it('finds German words however umlauts are typed', async () => {
    for (const q of ['zurücksetzen', 'zuruecksetzen', 'zurucksetzen', 'ZURÜCKSETZEN']) expect(await find(agent, q)).toEqual([ids.reset]);
  });

  it('matches inflected forms in German and English', async () => {
    expect(await find(agent, 'Drucker')).toEqual([ids.printer]);
    expect(await find(agent, 'Druckers')).toEqual([ids.printer]);
    expect(await find(agent, 'Druckern')).toEqual([ids.printer]);
    expect(await find(agent, 'printer')).toEqual([ids.printerEn!, ids.vpn!].sort((a, b) => a - b));
    expect(await find(agent, 'printers offline')).toEqual([ids.printerEn]);
  });

  it('matches prefixes while typing', async () => {
    expect(await find(agent, 'Outl')).toEqual([ids.outlook]);
    expect(await find(agent, 'Outlook Prof')).toEqual([ids.outlook]);
  });

  it('limits results to what the caller may see, internal notes included', async () => {
    expect(await find(customer, 'printer')).toEqual([]);
    expect(await find(customer, 'Drucker')).toEqual([ids.printer]);
    expect(await find(agent, 'Kolibri')).toEqual([ids.vpn]);
    const vpnOwner = await t.user({ role: 'customer' });
    expect(await find(vpnOwner, 'Kolibri')).toEqual([]);
  });

  it('treats query syntax and SQL as plain words', async () => {
    for (const q of [`"`, `'`, `*`, `Drucker" OR "1"="1`, `x'); DROP TABLE tickets; --`, `NEAR(a b)`, `col:value`, `a AND OR NOT`]) {
      const res = await agent.client.get(`/api/v1/tickets?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
    }
    expect((await agent.client.get('/api/v1/tickets')).body.items.length).toBeGreaterThan(0);
  });

  it('ranks by relevance and pages the ranked results with a cursor', async () => {
    const first = await agent.client.get(`/api/v1/tickets?q=printer&sort=relevance&limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    // "printers" appears twice in the English printer ticket, once in the VPN ticket.
    expect(first.body.items[0].id).toBe(ids.printerEn);
    const second = await agent.client.get(`/api/v1/tickets?q=printer&sort=relevance&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i: { id: number }) => i.id)).toEqual([ids.vpn]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('matches words spread over the public text and internal notes, whether or not the match is narrowed first', async () => {
    expect(await find(agent, 'VPN Kolibri')).toEqual([ids.vpn]);
    expect(await find(customer, 'VPN Kolibri')).toEqual([]);
    // Without narrowing (what happens where more than 1,000 tickets match), each row is tested
    // against both documents: every word must be in one of them, any word for similar tickets.
    const db = t.db.handle.db;
    // Similar tickets look each walked ticket's documents up one by one ('suggest').
    for (const purpose of [undefined, 'rank', 'suggest'] as const) {
      const run = async (q: string, mode: 'all' | 'any', internal: boolean) => {
        const match = matchTickets(dialect, q, internal, mode, purpose)!;
        const rows = await match.apply(db.selectFrom('tickets').select('tickets.id')).execute();
        return rows.map((r) => r.id).sort((a, b) => a - b);
      };
      expect(await run('VPN Kolibri', 'all', true)).toEqual([ids.vpn]);
      expect(await run('VPN Kolibri', 'all', false)).toEqual([]);
      expect(await run('Kolibri Outlook', 'all', true)).toEqual([]);
      expect(await run('Kolibri Outlook', 'any', true)).toEqual([ids.outlook!, ids.vpn!].sort((a, b) => a - b));
      expect(await run('Kolibri Outlook', 'any', false)).toEqual([ids.outlook]);
    }
  });

  it('ranks the unnarrowed walk of a ranking query by the same scores', async () => {
    // Where more than a few thousand tickets match, relevance and similar tickets rank what
    // the walk finds: the best match must still come first.
    for (const purpose of ['rank', 'suggest'] as const) {
      const match = matchTickets(dialect, 'printer', true, 'all', purpose)!;
      const rows = await match
        .apply(t.db.handle.db.selectFrom('tickets').select('tickets.id'))
        .select(sql<number>`${match.score}`.as('score'))
        .orderBy(sql`score`, 'asc')
        .execute();
      expect(rows.map((r) => r.id)).toEqual([ids.printerEn, ids.vpn]);
    }
  });
});
