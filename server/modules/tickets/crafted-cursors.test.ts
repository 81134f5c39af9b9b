import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Cast, type TestApp } from '../../test/test-app.ts';
import { DIALECTS } from '../../test/test-database.ts';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Cursors a client made up: each must be a 400 with a sentence, never a 500 from the database. */
const CRAFTED: Array<[what: string, cursor: string]> = [
  ['a huge id', b64([1, 1e20])],
  ['an id beyond 2^31-1', b64([2_147_483_648, 2_147_483_648])],
  ['a negative id', b64([5, -1])],
  ['a zero id', b64([0, 0])],
  ['a fractional id', b64([1.5, 1.5])],
  ['a non-numeric id', b64(['abc', 'abc'])],
  ['one part only', b64([1])],
  ['three parts', b64([1, 2, 3])],
  ['an object', b64({ value: 1, id: 2 })],
  ['valid base64 of garbage JSON', b64('{"not json')],
  ['valid base64 of a number', b64('42')],
  ['not base64 at all', '!!!***'],
  ['a NUL in the value', b64(['\u0000', 1])],
  ['an empty string', ''],
];

describe.each(DIALECTS)('crafted keyset cursors (%s)', (dialect) => {
  let t: TestApp;
  let cast: Cast;
  let multiGroupAgent: Cast['agent'];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    cast = await t.cast();
    const second = await t.group('Zweite Gruppe');
    multiGroupAgent = await t.user({ role: 'agent', groupIds: [cast.network, second] });
    for (let i = 0; i < 3; i++) {
      expect((await cast.customer.client.post('/api/v1/tickets', { subject: `Anfrage ${i}`, body: 'Text' })).status).toBe(201);
    }
  });
  afterAll(() => t.close());

  const expectRefused = (res: { status: number; body: any }, label: string) => {
    expect(res.status, label).toBe(400);
    expect(res.body.error.code, label).toBe('invalid_input');
    expect(JSON.stringify(res.body.error), label).toMatch(/cursor/i);
  };

  it('refuses crafted ticket cursors in every sort order', async () => {
    const crafted = [...CRAFTED, ['a timestamp that does not parse', b64(['2024-13-45T99:99:99Z', 1])], ['a huge rank', b64([1e20, 1])], ['a string score', b64(['x', 1])]] as const;
    for (const sort of ['-created', 'created', '-updated', 'updated', '-priority', 'priority']) {
      for (const [what, cursor] of crafted) {
        const res = await cast.agent.client.get(`/api/v1/tickets?sort=${sort}&cursor=${encodeURIComponent(cursor)}`);
        if (cursor === '') expect(res.status, `${sort}: ${what}`).toBeLessThan(500);
        else expectRefused(res, `${sort}: ${what}`);
      }
    }
    // A huge score is a finite number and so a well-formed relevance cursor.
    for (const [what, cursor] of crafted.filter(([w, c]) => c !== '' && w !== 'a huge rank')) {
      expectRefused(await cast.agent.client.get(`/api/v1/tickets?q=Anfrage&sort=relevance&cursor=${encodeURIComponent(cursor)}`), `relevance: ${what}`);
      expectRefused(await multiGroupAgent.client.get(`/api/v1/tickets?cursor=${encodeURIComponent(cursor)}`), `several groups: ${what}`);
      expectRefused(await cast.customer.client.get(`/api/v1/tickets?cursor=${encodeURIComponent(cursor)}`), `customer: ${what}`);
    }
  });

  it('refuses a cursor of another sort order but accepts its own', async () => {
    const page = await cast.agent.client.get('/api/v1/tickets?sort=-updated&limit=1');
    expect(page.body.nextCursor).toEqual(expect.any(String));
    expect((await cast.agent.client.get(`/api/v1/tickets?sort=-updated&limit=1&cursor=${page.body.nextCursor}`)).status).toBe(200);
    expectRefused(await cast.agent.client.get(`/api/v1/tickets?sort=-priority&limit=1&cursor=${page.body.nextCursor}`), 'updated cursor for priority');
    const byPriority = await cast.agent.client.get('/api/v1/tickets?sort=priority&limit=1');
    expect((await cast.agent.client.get(`/api/v1/tickets?sort=priority&limit=1&cursor=${byPriority.body.nextCursor}`)).status).toBe(200);
  });

  it('refuses crafted name cursors on users and organisations, and huge job cursors', async () => {
    const crafted = [...CRAFTED.filter(([, c]) => c !== ''), ['an overlong name', b64(['x'.repeat(501), 1])]] as const;
    for (const [what, cursor] of crafted) {
      expectRefused(await t.admin.client.get(`/api/v1/users?cursor=${encodeURIComponent(cursor)}`), `users: ${what}`);
      expectRefused(await t.admin.client.get(`/api/v1/organisations?cursor=${encodeURIComponent(cursor)}`), `organisations: ${what}`);
    }
    for (const cursor of ['99999999999999999999', '2147483648', '-1', 'abc']) {
      const res = await t.admin.client.get(`/api/v1/admin/jobs?cursor=${cursor}`);
      expect(res.status, `jobs: ${cursor}`).toBe(400);
    }
  });
});
