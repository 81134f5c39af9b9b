import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { matchTickets } from './ticket-index.ts';
import { requesterFewMatches, requesterSample } from './pg-narrowing.ts';

/**
 * A requester's search newest first tests their newest tickets before it asks the index
 * (newestOfRequester). Whichever way it finds them, a customer pages through exactly the
 * matching tickets they may see, newest first, each once.
 */
describe.each(DIALECTS)("a requester's search, newest first, on %s", (dialect) => {
  let t: TestApp;
  let anna: TestUser;
  let ben: TestUser;
  let closedMember: TestUser;
  let loner: TestUser;
  let sharing: number;
  const created: Array<{ id: number; who: string; subject: string }> = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    sharing = await t.organisation('Gärtnerei Linde', { sharesTickets: true });
    const closed = await t.organisation('Praxis Adler', { sharesTickets: false });
    anna = await t.user({ role: 'customer', organisationId: sharing });
    ben = await t.user({ role: 'customer', organisationId: sharing });
    closedMember = await t.user({ role: 'customer', organisationId: closed });
    const closedColleague = await t.user({ role: 'customer', organisationId: closed });
    loner = await t.user({ role: 'customer' });
    const people = { anna, ben, closedMember, closedColleague, loner };
    const open = async (who: keyof typeof people, subject: string) => {
      const res = await people[who].client.post('/api/v1/tickets', { subject, body: 'Bitte um Rückmeldung.' });
      expect(res.status).toBe(201);
      created.push({ id: res.body.id, who, subject });
    };
    // The oldest tickets hold a word nobody used since; then the organisation's colleagues write
    // in turn, most of them about an invoice, with the closed organisation's in between.
    await open('anna', 'Kündigung des Wartungsvertrags');
    await open('ben', 'Kündigung zum Jahresende');
    for (let i = 0; i < 12; i++) {
      await open(i % 2 === 0 ? 'anna' : 'ben', i % 3 === 2 ? `Lieferung ${i} fehlt` : `Rechnung ${i} falsch`);
      await open(i % 2 === 0 ? 'closedColleague' : 'closedMember', `Rechnung ${i} der Praxis`);
    }
    await open('loner', 'Rechnung doppelt');
    await open('loner', 'Lieferung beschädigt');
  });
  afterAll(() => t.close());

  /** Every page of a search, by cursor, `limit` at a time. */
  const allPages = async (who: TestUser, q: string, limit: number) => {
    const ids: number[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const res = await who.client.get(`/api/v1/tickets?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...(res.body.items as { id: number }[]).map((item) => item.id));
      cursor = res.body.nextCursor;
      if (!cursor) return ids;
    }
    throw new Error('more than 50 pages');
  };
  const expected = (whose: string[], word: string) =>
    created
      .filter((ticket) => whose.includes(ticket.who) && ticket.subject.includes(word))
      .map((ticket) => ticket.id)
      .sort((a, b) => b - a);

  /** Which way PostgreSQL's search went: the index's ids (ANY) or a walk testing each ticket (LATERAL). */
  const planned = async (who: TestUser, organisationId: number | null, q: string, limit: number) => {
    const db = t.db.handle.db;
    const match = await matchTickets(dialect, q, false, 'all', undefined, { id: who.id, organisationId })!.narrow(db, undefined, { limit });
    return match.apply(db.selectFrom('tickets').select('tickets.id')).compile().sql;
  };

  it('pages through exactly the matches each requester may see, on every path', async () => {
    const usual = { ...requesterSample };
    const usualFew = requesterFewMatches.limit;
    // A few tickets stand for the hundreds tested in production; no probe returns ids, so a
    // search that reaches the index walks (LATERAL), and one answered by the newest tickets does not.
    Object.assign(requesterSample, { min: 6, perRow: 2 });
    requesterFewMatches.limit = 0;
    try {
      const organisation = ['anna', 'ben'];
      // Common in the newest tickets: the newest ones answer, page after page.
      expect(await allPages(anna, 'Rechnung', 2)).toEqual(expected(organisation, 'Rechnung'));
      expect(await allPages(ben, 'Rechnung', 3)).toEqual(expected(organisation, 'Rechnung'));
      // Only in the oldest tickets: the newest ones hold no page, the index is asked.
      expect(await allPages(anna, 'Kündigung', 1)).toEqual(expected(organisation, 'Kündigung'));
      // A closed organisation's member sees only their own; a colleague's invoices are no match for them.
      expect(await allPages(closedMember, 'Rechnung', 2)).toEqual(expected(['closedMember'], 'Rechnung'));
      // All of the loner's tickets are tested: what was found is all there is.
      expect(await allPages(loner, 'Lieferung', 5)).toEqual(expected(['loner'], 'Lieferung'));
      expect(await allPages(loner, 'Kündigung', 5)).toEqual([]);
      if (dialect === 'postgres') {
        expect(await planned(anna, sharing, 'Rechnung', 2)).toContain('ANY(');
        expect(await planned(anna, sharing, 'Kündigung', 1)).toContain('LATERAL');
        expect(await planned(loner, null, 'Lieferung', 5)).toContain('ANY(');
      }
    } finally {
      Object.assign(requesterSample, usual);
      requesterFewMatches.limit = usualFew;
    }
  });

  it('finds the same with the production sample, where the newest tickets answer everything', async () => {
    expect(await allPages(anna, 'Rechnung', 4)).toEqual(expected(['anna', 'ben'], 'Rechnung'));
    expect(await allPages(closedMember, 'Rechnung', 25)).toEqual(expected(['closedMember'], 'Rechnung'));
    expect(await allPages(ben, 'Kündigung', 25)).toEqual(expected(['anna', 'ben'], 'Kündigung'));
  });
});
