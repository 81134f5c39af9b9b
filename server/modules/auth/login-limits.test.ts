import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

describe.each(DIALECTS)('sign-in limits on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { loginClientFailureLimit: 5 });
  });
  afterAll(() => t.close());

  it('stops password spraying across many accounts from one client with a 429', async () => {
    const victims = [];
    for (let i = 0; i < 7; i++) victims.push(await t.user({ role: 'customer', password: `richtiges-passwort-${i}` }));
    // One guess per account: the per-account limit never bites, the per-client one does.
    const answers = [];
    for (const victim of victims) answers.push(await t.anonymous.post('/api/v1/auth/login', { email: victim.email, password: 'Sommer2026!' }));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(answers[5]!.status).toBe(429);
    expect(answers[5]!.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    // Even the right password is refused from this client until the window passes …
    expect((await t.anonymous.post('/api/v1/auth/login', { email: victims[6]!.email, password: 'richtiges-passwort-6' })).status).toBe(429);
    // … while another client signs in as usual.
    const elsewhere = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: victims[6]!.email, password: 'richtiges-passwort-6' }, remoteAddress: '192.0.2.7' });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('does not count successful sign-ins, so one office address can sign in many people', async () => {
    const headers = { remoteAddress: '198.51.100.9' };
    for (let i = 0; i < 8; i++) {
      const user = await t.user({ role: 'agent', password: 'ein-gutes-passwort' });
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'ein-gutes-passwort' }, ...headers });
      expect(res.statusCode).toBe(200);
    }
  });
});
