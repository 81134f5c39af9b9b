import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { queryTerms } from '../../platform/search/normalise.ts';
import { matchTickets } from './ticket-index.ts';
import { expandedTermQueries, expandTerms, MAX_EXPANSION, wordsBeginningWith } from './search-words.ts';
import * as pgSearchWords from '../../platform/db/migrations/2026-11-30T2359l-search-words.ts';
import * as sqliteSearchWords from '../../platform/db/migrations/2026-12-03T0200-sqlite-search-words.ts';

describe.each(DIALECTS)('prefixes expanded into indexed words on %s', (dialect) => {
  const pg = dialect === 'postgres';
  let t: TestApp;
  let agent: TestUser;
  let customer: TestUser;
  const ids: Record<string, number> = {};
  const db = () => t.db.handle.db;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = await t.user({ role: 'agent' });
    customer = await t.user({ role: 'customer' });
    const create = async (key: string, subject: string, body: string) => {
      const res = await customer.client.post('/api/v1/tickets', { subject, body });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    };
    // More words under one prefix than are expanded, the last of them in a ticket of its own.
    const many = Array.from({ length: MAX_EXPANSION + 4 }, (_, i) => `quokka${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`);
    await create('many', 'Tiernamen als Rechnernamen', many.join(' '));
    await create('last', 'Rechner quokkazz antwortet nicht', 'Seit gestern.');
    await create('code', 'Fehlercode 4711abc beim Start', 'Nach dem Update.');
    await create('plain', 'Bildschirm flackert', 'Der Monitor flackert bei Helligkeit 80.');
    await create('monika', 'Monika vom Empfang', 'Ihr Rechner bleibt schwarz.');
    expect((await customer.client.post(`/api/v1/tickets/${ids.plain}/messages`, { body: 'Auch der Beamer im Besprechungsraum flimmert.' })).status).toBe(201);
    expect((await agent.client.post(`/api/v1/tickets/${ids.plain}/messages`, { body: 'Grafiktreiber Wombatix neu installieren.', internal: true })).status).toBe(201);
  });
  afterAll(() => t.close());

  const find = async (who: TestUser, q: string) => {
    const res = await who.client.get(`/api/v1/tickets?q=${encodeURIComponent(q)}&limit=100`);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: number }>).map((i) => i.id).sort((a, b) => a - b);
  };

  it('keeps the words of new tickets, replies and internal notes, but no scope words and none starting with a digit', async () => {
    const { rows } = await sql<{ word: string }>`SELECT word FROM ticket_search_words WHERE word IN ('flackert', 'besprechungsraum', 'wombatix', 'quokkazz', '4711abc')`.execute(db());
    expect(rows.map((r) => r.word).sort()).toEqual(['besprechungsraum', 'flackert', 'quokkazz', 'wombatix']);
    const scope = await sql<{ n: string }>`SELECT count(*) AS n FROM ticket_search_words WHERE word LIKE 'ß%'`.execute(db());
    expect(Number(scope.rows[0]!.n)).toBe(0);
  });

  it('looks a typed prefix up as the words that begin with it', async () => {
    if (pg) expect((await expandedTermQueries(db(), queryTerms('Besprechungsr')))[0]).toBe("('besprechungsraum')");
    else {
      expect(await wordsBeginningWith(db(), ['besprechungsr'])).toEqual(new Map([['besprechungsr', ['besprechungsraum']]]));
      // FTS5 has no index for prefixes this long: it is asked for the words, or for the four
      // letters' prefix index where no other word begins with them ("Monika" does with "moni").
      const ftsQuery = async (q: string) => (await matchTickets('sqlite', q, true)!.narrow(db())).apply(db().selectFrom('tickets').select('tickets.id')).compile().parameters;
      expect(await ftsQuery('Besprechungsr')).toEqual(['("besp"*)']);
      expect(await ftsQuery('Monit')).toEqual(['("monitor")']);
    }
    expect(await find(agent, 'Besprechungsr')).toEqual([ids.plain]);
    expect(await find(customer, 'flimm')).toEqual([ids.plain]);
    expect(await find(agent, 'Monit')).toEqual([ids.plain]);
    expect(await find(agent, 'Moni')).toEqual([ids.plain, ids.monika].sort((a, b) => a! - b!));
  });

  it.skipIf(!pg)('reads the newest indexed ticket with the words, found or not, and the same words as without it', async () => {
    const newest = Math.max(...Object.values(ids));
    for (const q of ['Besprechungsr', 'Xylofonbauer', 'quokk', 'Monitor 4711ab', 'Monitor']) {
      const alone = await expandedTermQueries(db(), queryTerms(q));
      expect(await expandTerms(db(), queryTerms(q), true)).toEqual({ termQueries: alone, newest });
      expect(await expandTerms(db(), queryTerms(q), false)).toEqual({ termQueries: alone, newest: undefined });
    }
  });

  it('finds a word of an internal note by its prefix for agents only', async () => {
    expect(await find(agent, 'Wombat')).toEqual([ids.plain]);
    expect(await find(customer, 'Wombat')).toEqual([]);
  });

  it('leaves a prefix with more words than it expands as a prefix, so every one of them is found', async () => {
    if (pg) expect((await expandedTermQueries(db(), queryTerms('quokk')))[0]).toBe("('quokk':*)");
    else expect((await wordsBeginningWith(db(), ['quokk'])).get('quokk')).toHaveLength(MAX_EXPANSION + 1);
    expect(await find(agent, 'quokk')).toEqual([ids.many, ids.last]);
    expect(await find(agent, 'quokkazz')).toEqual([ids.last]);
  });

  it('fills the list from the documents of an existing installation (the migration)', async () => {
    const migration = pg ? pgSearchWords : sqliteSearchWords;
    await migration.down(db());
    await migration.up(db());
    const { rows } = await sql<{ word: string }>`SELECT word FROM ticket_search_words WHERE word IN ('flackert', 'wombatix', 'quokkazz', '4711abc') OR word LIKE 'ß%'`.execute(db());
    expect(rows.map((r) => r.word).sort()).toEqual(['flackert', 'quokkazz', 'wombatix']);
    expect(await find(agent, 'Besprechungsr')).toEqual([ids.plain]);
  });

  it('matches nothing for a prefix no word begins with, and keeps a prefix starting with a digit', async () => {
    if (pg) expect((await expandedTermQueries(db(), queryTerms('Xylofonbauer')))[0]).not.toContain(':*');
    else expect(await wordsBeginningWith(db(), ['xylofonbau'])).toEqual(new Map([['xylofonbau', []]]));
    expect(await find(agent, 'Xylofonbauer')).toEqual([]);
    expect(await find(agent, '4711ab')).toEqual([ids.code]);
  });
});
