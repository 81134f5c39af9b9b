/**
 * The first admin's generated password is printed to a console or log, so whoever signs in
 * with it must choose their own before anything else. People created with a password an admin
 * chose (POST /users, ANLAUF_ADMIN_PASSWORD) are not held back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../ops/setup/bootstrap.ts';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

describe.each(DIALECTS)('changing a generated password at the first sign-in on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('holds a session with the generated password to the password change, then lets it work', async () => {
    // The test app's admin came with ANLAUF_ADMIN_PASSWORD: not held back.
    const chosen = await t.login('admin@anlauf.test', 'admin-password-1');
    expect((await chosen.get('/api/v1/auth/me')).body.user.mustChangePassword).toBe(false);
    expect((await chosen.get('/api/v1/tickets')).status).toBe(200);

    // A first start without ANLAUF_ADMIN_PASSWORD: the installation has no admin yet, so one is made with a generated password.
    await t.db.handle.db.updateTable('users').set({ role: 'agent' }).where('role', '=', 'admin').execute();
    const boot = await bootstrap(t.db.handle.db, { adminEmail: 'erste@anlauf.test' });
    expect(boot.admin).toMatchObject({ email: 'erste@anlauf.test', generated: true });
    const generated = boot.admin!.password;

    const session = await t.login('erste@anlauf.test', generated);
    const me = await session.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ role: 'admin', mustChangePassword: true });
    for (const [method, path, body] of [
      ['GET', '/api/v1/tickets', undefined],
      ['GET', '/api/v1/users', undefined],
      ['POST', '/api/v1/groups', { name: 'Vorher', level: '2' }],
      ['POST', '/api/v1/users/1/tokens', { name: 'Umweg' }],
    ] as const) {
      const refused = await session.request(method, path, body);
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.error.code).toBe('password_change_required');
      expect(refused.body.error.message).toMatch(/POST \/api\/v1\/me\/password/);
    }
    // The sign-in page's settings still load; the generated password cannot be "changed" to itself.
    expect((await session.get('/api/v1/settings/portal')).status).toBe(200);
    const same = await session.post('/api/v1/me/password', { currentPassword: generated, newPassword: generated });
    expect(same.status).toBe(400);
    expect(same.body.error.fields.newPassword).toBeDefined();

    const changed = await session.post('/api/v1/me/password', { currentPassword: generated, newPassword: 'mein-eigenes-passwort' });
    expect(changed.status).toBeLessThan(300);
    expect((await session.get('/api/v1/auth/me')).body.user.mustChangePassword).toBe(false);
    expect((await session.get('/api/v1/tickets')).status).toBe(200);
    expect((await t.login('erste@anlauf.test', 'mein-eigenes-passwort').then((c) => c.get('/api/v1/users'))).status).toBe(200);

    // Someone an admin creates with a password signs in and works at once.
    const admin = await t.login('erste@anlauf.test', 'mein-eigenes-passwort');
    expect((await admin.post('/api/v1/users', { email: 'agentin@anlauf.test', name: 'Agentin', role: 'agent', password: 'gewaehltes-passwort' })).status).toBe(201);
    const agent = await t.login('agentin@anlauf.test', 'gewaehltes-passwort');
    expect((await agent.get('/api/v1/auth/me')).body.user.mustChangePassword).toBe(false);
    expect((await agent.get('/api/v1/tickets')).status).toBe(200);
  });
});
