import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';

/** The reset link from the newest queued mail to an address. */
async function resetTokenFor(t: TestApp, email: string): Promise<{ token: string; mail: { to: string; subject: string; text: string } }> {
  const jobs = await t.db.handle.db.selectFrom('jobs').select(['payload']).where('kind', '=', 'mail.send').orderBy('id', 'desc').execute();
  const mail = jobs.map((j) => JSON.parse(j.payload) as { to: string; subject: string; text: string }).find((m) => m.to === email);
  if (!mail) throw new Error(`no mail to ${email}`);
  const token = /reset-password\?token=([\w%-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error('no link in the mail');
  return { token: decodeURIComponent(token), mail };
}

describe.each(DIALECTS)('requester portal on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect, { publicUrl: 'https://help.example.test' });
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  it('signs up only while the admin allows it; the new account signs in and sees its own requests', async () => {
    expect((await t.anonymous.get('/api/v1/settings/portal')).body).toEqual({ signupAllowed: false });
    const closed = await t.anonymous.post('/api/v1/auth/signup', { email: 'neu@firma.example', name: 'Neu', password: 'ein-langes-passwort' });
    expect(closed.status).toBe(403);
    expect(closed.body.error.code).toBe('forbidden');

    expect((await agent.client.patch('/api/v1/settings/portal', { signupAllowed: true })).status).toBe(403);
    expect((await t.anonymous.patch('/api/v1/settings/portal', { signupAllowed: true })).status).toBe(401);
    const opened = await t.admin.client.patch('/api/v1/settings/portal', { signupAllowed: true });
    expect(opened.body).toEqual({ signupAllowed: true });
    expect((await t.anonymous.get('/api/v1/settings/portal')).body).toEqual({ signupAllowed: true });

    const res = await t.anonymous.post('/api/v1/auth/signup', { email: 'Petra@Anderswo.example', name: 'Petra Probe', password: 'ein-langes-passwort', locale: 'en' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'accepted' });
    // No session from sign-up: a taken address must get the very same answer.
    expect(res.raw.cookies.find((c) => c.name === 'anlauf_session')).toBeUndefined();
    const session = await t.login('petra@anderswo.example', 'ein-langes-passwort');
    const me = await session.get('/api/v1/auth/me');
    expect(me.body.user).toMatchObject({ email: 'petra@anderswo.example', name: 'Petra Probe', role: 'customer', locale: 'en', organisationId: null, groupIds: [], emailVerified: false });
    // Signed in: the new requester can open a ticket and read it.
    const ticket = await session.post('/api/v1/tickets', { subject: 'Hallo', body: 'Erste Anfrage' });
    expect(ticket.status).toBe(201);
    expect((await session.get(`/api/v1/tickets/${ticket.body.id}`)).status).toBe(200);

    expect((await t.anonymous.post('/api/v1/auth/signup', { email: 'kurz@x.example', name: 'K', password: 'kurz' })).status).toBe(400);
    expect((await t.anonymous.post('/api/v1/auth/signup', { email: 'kein-mail', name: 'K', password: 'ein-langes-passwort' })).status).toBe(400);
    expect((await t.anonymous.post('/api/v1/auth/signup', { email: 'r@x.example', name: 'R', password: 'ein-langes-passwort', role: 'admin' })).status).toBe(400);

    await t.admin.client.patch('/api/v1/settings/portal', { signupAllowed: false });
    expect((await t.anonymous.post('/api/v1/auth/signup', { email: 'spaet@x.example', name: 'S', password: 'ein-langes-passwort' })).status).toBe(403);
  });

  it('resets a password by a single-use link, ending every session and API token', async () => {
    const user = await t.user({ role: 'customer', name: 'Rita Reset', password: 'altes-passwort-1' });
    const session = await t.login(user.email, 'altes-passwort-1');
    expect((await session.get('/api/v1/auth/me')).status).toBe(200);

    expect((await user.client.get('/api/v1/auth/me')).status).toBe(200);
    const asked = await t.anonymous.post('/api/v1/auth/password-reset', { email: user.email.toUpperCase() });
    expect(asked.status).toBe(202);
    const { token, mail } = await resetTokenFor(t, user.email);
    expect(mail.subject).toBe('Passwort zurücksetzen');
    expect(mail.text).toContain('https://help.example.test/reset-password?token=');
    expect(mail.text).toContain('Rita Reset');

    const stored = await t.db.handle.db.withTables<{ password_resets: { token_hash: string } }>().selectFrom('password_resets').select('token_hash').execute();
    expect(stored.some((r) => r.token_hash === token)).toBe(false);

    expect((await t.anonymous.post('/api/v1/auth/password-reset/confirm', { token, password: 'kurz' })).status).toBe(400);
    const done = await t.anonymous.post('/api/v1/auth/password-reset/confirm', { token, password: 'neues-passwort-1' });
    expect(done.status).toBe(204);
    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
    // An API token made by whoever knew the old password ends with it.
    expect((await user.client.get('/api/v1/auth/me')).status).toBe(401);
    await expect(t.login(user.email, 'altes-passwort-1')).rejects.toThrow();
    expect((await (await t.login(user.email, 'neues-passwort-1')).get('/api/v1/auth/me')).status).toBe(200);

    const reuse = await t.anonymous.post('/api/v1/auth/password-reset/confirm', { token, password: 'drittes-passwort-1' });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error.code).toBe('invalid_input');
    expect((await t.anonymous.post('/api/v1/auth/password-reset/confirm', { token: 'erfunden', password: 'drittes-passwort-1' })).status).toBe(400);
  });

  it('mails English users in English and answers the same for unknown addresses', async () => {
    const user = await t.user({ role: 'agent', name: 'Eve English' });
    await t.db.handle.db.updateTable('users').set({ locale: 'en' }).where('id', '=', user.id).execute();
    expect((await t.anonymous.post('/api/v1/auth/password-reset', { email: user.email })).status).toBe(202);
    expect((await resetTokenFor(t, user.email)).mail.subject).toBe('Reset your password');

    const before = await t.db.handle.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const unknown = await t.anonymous.post('/api/v1/auth/password-reset', { email: 'niemand@nirgends.example' });
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual({ status: 'accepted' });
    const after = await t.db.handle.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('does not accept an expired link', async () => {
    const user = await t.user({ role: 'customer', password: 'altes-passwort-1' });
    await t.anonymous.post('/api/v1/auth/password-reset', { email: user.email });
    const { token } = await resetTokenFor(t, user.email);
    await t.db.handle.db
      .withTables<{ password_resets: { user_id: number; expires_at: string } }>()
      .updateTable('password_resets')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', user.id)
      .execute();
    expect((await t.anonymous.post('/api/v1/auth/password-reset/confirm', { token, password: 'neues-passwort-1' })).status).toBe(400);
    expect((await (await t.login(user.email, 'altes-passwort-1')).get('/api/v1/auth/me')).status).toBe(200);
  });

  it('rate-limits reset requests per address, whatever e-mail they name', async () => {
    const answers: Array<{ status: number; body: { error?: { code: string } } }> = [];
    for (let i = 0; i < 11; i++) answers.push(await t.anonymous.post('/api/v1/auth/password-reset', { email: `flut-${i}@x.example` }));
    const limited = answers.findIndex((a) => a.status === 429);
    expect(limited).toBeGreaterThan(0);
    expect(answers.slice(0, limited).every((a) => a.status === 202)).toBe(true);
    expect(answers[limited]!.body.error?.code).toBe('rate_limited');
  });
});
