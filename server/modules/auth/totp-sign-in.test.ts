import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { totpAt } from './totp.ts';

const STEP = 30_000;

describe.each(DIALECTS)('two-factor sign-in on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { loginClientFailureLimit: 8 });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, totp?: string, remoteAddress = '203.0.113.20') =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password, ...(totp !== undefined ? { totp } : {}) }, remoteAddress });

  it('sets up, demands the code at sign-in, refuses a replayed code, takes a recovery code once, limits guessing and switches off', async () => {
    const karl = await t.user({ role: 'customer', password: 'karls-passwort-1' });
    const session = await t.login(karl.email, 'karls-passwort-1');

    const setup = await session.post('/api/v1/me/totp');
    expect(setup.status).toBe(200);
    const secret = setup.body.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUrl).toContain(`secret=${secret}`);
    // Sealed in the database: a dump alone does not reveal it.
    const stored = await t.db.handle.db.selectFrom('user_totp').select('secret').where('user_id', '=', karl.id).executeTakeFirstOrThrow();
    expect(stored.secret).not.toContain(secret);
    // Until confirmed, sign-in needs no code.
    expect((await login(karl.email, 'karls-passwort-1')).statusCode).toBe(200);

    expect((await session.post('/api/v1/me/totp/confirm', { code: '000000' === totpAt(secret, Date.now()) ? '111111' : '000000' })).status).toBe(400);
    // The codes below count from this moment: a 30 s step may end while the test runs.
    const confirmedAt = Date.now();
    const confirmCode = totpAt(secret, confirmedAt);
    const confirmed = await session.post('/api/v1/me/totp/confirm', { code: confirmCode });
    expect(confirmed.status).toBe(200);
    const recoveryCodes = confirmed.body.recoveryCodes as string[];
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await session.get('/api/v1/me/totp')).body).toEqual({ enabled: true, pending: false, recoveryCodesLeft: 10 });

    const without = await login(karl.email, 'karls-passwort-1');
    expect(without.statusCode).toBe(401);
    expect(without.json().error.code).toBe('totp_required');
    expect(without.cookies).toEqual([]);
    // The confirmation used this step's code: it does not open a session again.
    const replayed = await login(karl.email, 'karls-passwort-1', confirmCode);
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().error.code).toBe('totp_invalid');
    expect(replayed.cookies).toEqual([]);
    // A wrong password still says nothing about the code.
    expect((await login(karl.email, 'falsch', totpAt(secret, Date.now() + STEP))).json().error.code).toBe('not_signed_in');

    // The next step's code (one step of drift) works once.
    const next = totpAt(secret, confirmedAt + STEP);
    const signedIn = await login(karl.email, 'karls-passwort-1', next);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.cookies.map((c) => c.name)).toContain('anlauf_session');
    expect((await login(karl.email, 'karls-passwort-1', next)).json().error.code).toBe('totp_invalid');

    // A recovery code works once, in any spelling.
    expect((await login(karl.email, 'karls-passwort-1', recoveryCodes[0]!.toUpperCase())).statusCode).toBe(200);
    expect((await login(karl.email, 'karls-passwort-1', recoveryCodes[0]!)).json().error.code).toBe('totp_invalid');
    expect((await session.get('/api/v1/me/totp')).body.recoveryCodesLeft).toBe(9);
    const audit = await t.db.handle.db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', karl.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.totp_enabled', 'auth.recovery_code_used', 'auth.sign_in_failed']));
    expect(audit.filter((a) => a.action === 'auth.sign_in_failed').map((a) => JSON.parse(a.details).reason)).toContain('wrong_totp');

    // Guessing codes runs into the same limit as guessing passwords (8 failures per client here).
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await login(karl.email, 'karls-passwort-1', String(100000 + i), '203.0.113.21')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429]);
    expect((await login(karl.email, 'karls-passwort-1', recoveryCodes[1], '203.0.113.21')).statusCode).toBe(429);

    // Switching off needs the password and a code.
    expect((await session.request('DELETE', '/api/v1/me/totp', { password: 'falsch', code: recoveryCodes[2] })).status).toBe(400);
    expect((await session.request('DELETE', '/api/v1/me/totp', { password: 'karls-passwort-1', code: '12345' })).status).toBe(400);
    expect((await session.request('DELETE', '/api/v1/me/totp', { password: 'karls-passwort-1', code: recoveryCodes[2] })).status).toBe(204);
    expect((await login(karl.email, 'karls-passwort-1')).statusCode).toBe(200);
    expect((await session.get('/api/v1/me/totp')).body).toEqual({ enabled: false, pending: false, recoveryCodesLeft: 0 });
  });

  it('lets an admin reset the second factor of a person who lost the device, in the audit log', async () => {
    const anna = await t.user({ role: 'agent', password: 'annas-passwort-1' });
    const session = await t.login(anna.email, 'annas-passwort-1');
    const secret = (await session.post('/api/v1/me/totp')).body.secret as string;
    expect((await session.post('/api/v1/me/totp/confirm', { code: totpAt(secret, Date.now()) })).status).toBe(200);
    expect((await session.post('/api/v1/me/totp')).status).toBe(409);
    expect((await login(anna.email, 'annas-passwort-1', undefined, '203.0.113.30')).statusCode).toBe(401);

    expect((await anna.client.delete(`/api/v1/admin/users/${anna.id}/totp`)).status).toBe(403);
    expect((await t.admin.client.delete(`/api/v1/admin/users/${anna.id}/totp`)).status).toBe(204);
    expect((await login(anna.email, 'annas-passwort-1', undefined, '203.0.113.30')).statusCode).toBe(200);
    const entry = await t.db.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.totp_reset').where('target_id', '=', anna.id).executeTakeFirst();
    expect(entry?.actor_id).toBe(t.admin.id);
  });
});
