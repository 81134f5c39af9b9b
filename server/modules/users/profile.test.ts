import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { Client, createTestApp, type TestApp } from '../../test/test-app.ts';

describe.each(DIALECTS)('own profile and password on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('lets everyone read and change their own profile', async () => {
    const customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
    const me = await customer.client.get('/api/v1/me/profile');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: customer.id, email: customer.email, name: 'Karl Kunde', role: 'customer', locale: null, timeZone: 'Europe/Berlin', signature: '' });

    const changed = await customer.client.patch('/api/v1/me/profile', { name: 'Karl K. Kunde', locale: 'en', timeZone: 'america/new_york', signature: 'Gruß, Karl' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Karl K. Kunde', locale: 'en', timeZone: 'America/New_York', signature: 'Gruß, Karl', role: 'customer' });
    expect((await customer.client.get('/api/v1/auth/me')).body.user).toMatchObject({ name: 'Karl K. Kunde', locale: 'en', timeZone: 'America/New_York' });
    expect((await customer.client.patch('/api/v1/me/profile', { timeZone: 'UTC' })).body.timeZone).toBe('UTC');

    for (const body of [{ locale: 'fr' }, { timeZone: 'Europe/Atlantis' }, { timeZone: 'GMT+2' }, { name: '' }, { role: 'admin' }, { email: 'x@example.test' }, { signature: 'x'.repeat(2001) }]) {
      const res = await customer.client.patch('/api/v1/me/profile', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
    }
    expect((await customer.client.get('/api/v1/me/profile')).body).toMatchObject({ role: 'customer', email: customer.email, timeZone: 'UTC' });
    expect((await t.anonymous.get('/api/v1/me/profile')).status).toBe(401);
  });

  it('changes the password and ends the other sessions', async () => {
    const agent = await t.user({ role: 'agent', password: 'altes-passwort-1' });
    const laptop = await t.login(agent.email, 'altes-passwort-1');
    const phone = await t.login(agent.email, 'altes-passwort-1');

    const wrong = await laptop.post('/api/v1/me/password', { currentPassword: 'geraten-passwort', newPassword: 'neues-passwort-2' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual({ currentPassword: 'Wrong password.' });
    const short = await laptop.post('/api/v1/me/password', { currentPassword: 'altes-passwort-1', newPassword: 'kurz' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields).toHaveProperty('newPassword');
    expect((await phone.get('/api/v1/auth/me')).status).toBe(200);

    expect((await laptop.post('/api/v1/me/password', { currentPassword: 'altes-passwort-1', newPassword: 'neues-passwort-2' })).status).toBe(204);
    expect((await laptop.get('/api/v1/me/profile')).status).toBe(200);
    expect((await phone.get('/api/v1/me/profile')).status).toBe(401);
    // Whoever knew the old password may have made an API token with it: tokens end too.
    const stolen = await agent.client.get('/api/v1/me/profile');
    expect(stolen.status).toBe(401);
    expect(stolen.body.error.code).toBe('not_signed_in');
    expect((await t.anonymous.post('/api/v1/auth/login', { email: agent.email, password: 'altes-passwort-1' })).status).toBe(401);
    await t.login(agent.email, 'neues-passwort-2');

    // Changing it with a token ends every session and every token, that one included.
    const made = await laptop.post('/api/v1/me/tokens', { name: 'Skript' });
    const script = new Client(t.app, { token: made.body.token });
    expect((await script.post('/api/v1/me/password', { currentPassword: 'neues-passwort-2', newPassword: 'drittes-passwort-3' })).status).toBe(204);
    expect((await laptop.get('/api/v1/me/profile')).status).toBe(401);
    expect((await script.get('/api/v1/me/profile')).status).toBe(401);
  });
});
