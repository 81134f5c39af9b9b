import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Cast, type TestApp } from '../../test/test-app.ts';
import { DIALECTS } from '../../test/test-database.ts';
import { findNulByte } from './reject-nul-bytes.ts';

const NUL = '\u0000';

/** A NUL anywhere in what a client sends is refused with a sentence, never stored, never a 500. */
describe.each(DIALECTS)('NUL characters in requests (%s)', (dialect) => {
  let t: TestApp;
  let cast: Cast;
  let ticket: { id: number; version: number };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    cast = await t.cast();
    const created = await cast.customer.client.post('/api/v1/tickets', { subject: 'Drucker streikt', body: 'Seit heute früh.' });
    expect(created.status).toBe(201);
    ticket = { id: created.body.id, version: created.body.version };
  });
  afterAll(() => t.close());

  const refused = (res: { status: number; body: any }, field?: string) => {
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.message).toMatch(/NUL character/);
    if (field) expect(Object.keys(res.body.error.fields)).toContain(field);
  };

  it('refuses a NUL in a new ticket subject or body', async () => {
    refused(await cast.customer.client.post('/api/v1/tickets', { subject: `Drucker${NUL}`, body: 'x' }), 'subject');
    refused(await cast.customer.client.post('/api/v1/tickets', { subject: 'Drucker', body: `a${NUL}b` }), 'body');
    refused(await cast.agent.client.post('/api/v1/tickets', { subject: 'Drucker', body: 'x', tags: ['ok', `t${NUL}`] }), 'tags.1');
  });

  it('refuses a NUL in a change, a reply and an object key', async () => {
    refused(await cast.agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, subject: `neu${NUL}` }), 'subject');
    refused(await cast.customer.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: `Antwort${NUL}` }), 'body');
    refused(await cast.agent.client.post('/api/v1/tickets', { subject: 'x', body: 'y', [`k${NUL}`]: 1 }));
    const unchanged = await cast.agent.client.get(`/api/v1/tickets/${ticket.id}`);
    expect(unchanged.body.subject).toBe('Drucker streikt');
  });

  it('refuses a NUL in the sign-in and password-reset e-mail (anonymous)', async () => {
    refused(await t.anonymous.post('/api/v1/auth/login', { email: `admin@anlauf.test${NUL}`, password: 'admin-password-1' }), 'email');
    refused(await t.anonymous.post('/api/v1/auth/password-reset', { email: `a${NUL}@example.test` }), 'email');
    refused(await t.anonymous.post('/api/v1/auth/password-reset/confirm', { token: `x${NUL}`, password: 'long-enough-password' }), 'token');
  });

  it('refuses a NUL in query parameters and in the address', async () => {
    refused(await cast.agent.client.get('/api/v1/tickets?q=drucker%00'), 'query.q');
    refused(await cast.agent.client.get('/api/v1/tickets?tag=%00'), 'query.tag');
    refused(await cast.agent.client.get('/api/v1/users?q=%00'), 'query.q');
    refused(await cast.agent.client.get(`/api/v1/tickets/${ticket.id}%00`), 'params.id');
    // Anonymous callers too: the guard runs before "sign in first".
    refused(await t.anonymous.get('/api/v1/tickets?q=%00'));
  });

  it('never answers 500 to a NUL, whatever the route', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['POST', '/api/v1/organisations', { name: `Org${NUL}` }],
      ['POST', '/api/v1/groups', { name: `G${NUL}` }],
      ['POST', '/api/v1/categories', { name: `C${NUL}` }],
      ['POST', '/api/v1/users', { email: `u${NUL}@example.test`, name: 'U', role: 'customer' }],
      ['GET', `/api/v1/organisations?q=${encodeURIComponent(NUL)}`],
    ];
    for (const [method, url, body] of routes) {
      const res = await t.admin.client.request(method as 'GET' | 'POST', url, body);
      expect(res.status, `${method} ${url}`).toBe(400);
    }
  });
});

describe('findNulByte', () => {
  it('names the first field with a NUL, in keys and nested arrays too', () => {
    expect(findNulByte({ a: 'ok', b: [{ c: `x${NUL}` }] })).toBe('b.0.c');
    expect(findNulByte({ [`k${NUL}`]: 1 })).toBe(`k${NUL}`);
    expect(findNulByte(`x${NUL}`)).toBe('value');
    expect(findNulByte({ a: 'ok', n: 1, z: null })).toBeUndefined();
  });
});
