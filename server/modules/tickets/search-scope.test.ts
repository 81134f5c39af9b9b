import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { rebuildSearchIndex } from '../../ops/backup/rebuild-search-index.ts';
import * as searchScope from '../../platform/db/migrations/2026-11-30T2359k-search-scope.ts';
import { matchTickets } from './ticket-index.ts';
import { requesterFewMatches, requesterSample } from './pg-narrowing.ts';

/**
 * A requester's search is narrowed inside the index by scope words (scopeTokens): the results
 * must be exactly what the visibility rules give, on every path that writes the index.
 */
describe.each(DIALECTS)('search scope words on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let colleagueA: TestUser;
  let colleagueB: TestUser;
  let privateOrgMember: TestUser;
  let loner: TestUser;
  let sharing: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = await t.user({ role: 'agent' });
    sharing = await t.organisation('Bäckerei Huber', { sharesTickets: true });
    const closed = await t.organisation('Kanzlei Berg', { sharesTickets: false });
    colleagueA = await t.user({ role: 'customer', organisationId: sharing });
    colleagueB = await t.user({ role: 'customer', organisationId: sharing });
    privateOrgMember = await t.user({ role: 'customer', organisationId: closed });
    const privateColleague = await t.user({ role: 'customer', organisationId: closed });
    loner = await t.user({ role: 'customer' });
    const make = async (key: string, who: TestUser, subject: string) => {
      const res = await who.client.post('/api/v1/tickets', { subject, body: 'Der Drucker im Flur druckt nur leere Seiten.' });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    };
    await make('a', colleagueA, 'Drucker druckt nicht');
    await make('b', colleagueB, 'Druckerproblem im Lager');
    await make('private', privateOrgMember, 'Drucker in der Kanzlei');
    await make('privateColleague', privateColleague, 'Drucker streikt');
    await make('loner', loner, 'Drucker zu Hause');
  });
  afterAll(() => t.close());

  const search = async (who: TestUser, q: string, sort?: string) => {
    const res = await who.client.get(`/api/v1/tickets?q=${encodeURIComponent(q)}${sort ? `&sort=${sort}` : ''}`);
    expect(res.status).toBe(200);
    return (res.body.items as { id: number }[]).map((i) => i.id).sort((x, y) => x - y);
  };
  const similar = async (who: TestUser, q: string) => {
    const res = await who.client.get(`/api/v1/tickets/similar?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return (res.body.items as { id: number }[]).map((i) => i.id).sort((x, y) => x - y);
  };
  const sorted = (...keys: string[]) => keys.map((k) => ids[k]!).sort((x, y) => x - y);

  const expectScopedResults = async () => {
    // A sharing organisation's members see each other's tickets; nobody sees anyone else's.
    expect(await search(colleagueA, 'drucker')).toEqual(sorted('a', 'b'));
    expect(await search(colleagueB, 'Drucker leere', 'relevance')).toEqual(sorted('a', 'b'));
    expect(await similar(colleagueA, 'Drucker druckt nichts')).toEqual(sorted('a', 'b'));
    expect(await search(privateOrgMember, 'drucker')).toEqual(sorted('private'));
    expect(await search(loner, 'druck')).toEqual(sorted('loner'));
    expect(await similar(loner, 'Drucker')).toEqual(sorted('loner'));
    expect(await search(agent, 'drucker')).toEqual(sorted('a', 'b', 'private', 'privateColleague', 'loner'));
  };

  it('narrows a requester search to their own and their shared organisation tickets', async () => {
    await expectScopedResults();
  });

  it('never matches the scope words from a typed query', async () => {
    for (const q of [`ßr${colleagueA.id}`, `ssr${colleagueA.id}`, `r${colleagueA.id}`, 'ßr', 'ssr', 'ßo', `o${colleagueA.id}`]) {
      expect(await search(agent, q), q).toEqual([]);
      expect(await search(colleagueA, q), q).toEqual([]);
      expect(await similar(agent, `${q} unbekannt`), q).toEqual([]);
    }
  });

  it('finds the same tickets where a requester has so many matches that the search walks their tickets', async () => {
    const db = t.db.handle.db;
    const compiled = async () => {
      const match = await matchTickets(dialect, 'drucker', false, 'all', undefined, { id: colleagueA.id, organisationId: sharing })!.narrow(db);
      return match.apply(db.selectFrom('tickets').select('tickets.id')).compile().sql;
    };
    if (dialect === 'postgres') expect(await compiled()).toContain('ANY(');
    const usual = requesterFewMatches.limit;
    requesterFewMatches.limit = 0;
    try {
      // On PostgreSQL the match is now tested ticket by ticket, each document looked up alone.
      if (dialect === 'postgres') expect(await compiled()).toContain('LATERAL');
      await expectScopedResults();
    } finally {
      requesterFewMatches.limit = usual;
    }
  });

  it('keeps the scope words through a rebuilt index (restore) and the migration that adds them', async () => {
    await rebuildSearchIndex(t.db.handle.db, dialect);
    await expectScopedResults();
    await searchScope.down(t.db.handle.db);
    // Without its scope words a requester's ticket is not found by the requester where the index
    // is asked: proof that the words (not only the visibility filter) take part in the match.
    // (Their newest tickets, tested first on PostgreSQL, are theirs by the tickets table alone.)
    const usualSample = { ...requesterSample };
    Object.assign(requesterSample, { min: 0, perRow: 0 });
    try {
      expect(await search(colleagueA, 'drucker')).toEqual([]);
    } finally {
      Object.assign(requesterSample, usualSample);
    }
    expect(await search(colleagueA, 'drucker', 'relevance')).toEqual([]);
    await searchScope.up(t.db.handle.db);
    await expectScopedResults();
  });
});
