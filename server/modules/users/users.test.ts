import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

describe.each(DIALECTS)('users on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('lets an admin create, find, change and deactivate users', async () => {
    const admin = t.admin.client;
    const org = await t.organisation('Kundenfirma GmbH');
    const sap = await t.group('SAP-Team', 'specialist');
    const serviceDesk = (await admin.get('/api/v1/groups')).body.items.find((g: { isDefault: boolean }) => g.isDefault).id as number;

    const created = await admin.post('/api/v1/users', {
      email: ' Jana.Jansen@Example.TEST ',
      name: 'Jana Jansen',
      role: 'agent',
      password: 'ein-langes-passwort',
      locale: 'en',
      timeZone: 'europe/vienna',
      groupIds: [sap, sap],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      email: 'jana.jansen@example.test',
      name: 'Jana Jansen',
      role: 'agent',
      locale: 'en',
      timeZone: 'Europe/Vienna',
      organisationId: null,
      signature: '',
      active: true,
      // Created by an admin: the address counts as proven.
      emailVerified: true,
      available: true,
      groupIds: [sap],
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(created.body)).not.toContain('password');
    const jana = created.body.id as number;
    const plain = await admin.post('/api/v1/users', { email: 'paul@example.test', name: 'Paul Platt', role: 'agent' });
    expect(plain.body.groupIds).toEqual([serviceDesk]);
    const kunde = await admin.post('/api/v1/users', { email: 'karla@kunde.test', name: 'Karla Kunde', role: 'customer', organisationId: org });
    expect(kunde.body).toMatchObject({ role: 'customer', organisationId: org, groupIds: [] });

    // The new agent signs in with the password the admin set.
    expect((await (await t.login('jana.jansen@example.test', 'ein-langes-passwort')).get('/api/v1/auth/me')).body.user.id).toBe(jana);

    // Filters and keyset paging.
    const names = async (query: string) => (await admin.get(`/api/v1/users?${query}`)).body.items.map((u: { name: string }) => u.name);
    expect(await names('role=customer')).toEqual(['Karla Kunde']);
    expect(await names(`organisation=${org}`)).toEqual(['Karla Kunde']);
    expect(await names(`group=${sap}`)).toEqual(['Jana Jansen']);
    expect(await names('q=JANSEN')).toEqual(['Jana Jansen']);
    expect(await names('q=kunde.test')).toEqual(['Karla Kunde']);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await admin.get(`/api/v1/users?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.body.items.map((u: { name: string }) => u.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toEqual(['Administrator', 'Jana Jansen', 'Karla Kunde', 'Paul Platt']);

    // Change role, organisation, groups; demoting to customer drops every membership.
    const changed = await admin.patch(`/api/v1/users/${jana}`, { name: 'Jana Jansen-Berg', groupIds: [sap, serviceDesk], organisationId: org, locale: 'de', timeZone: 'Europe/Berlin' });
    expect(changed.body).toMatchObject({ name: 'Jana Jansen-Berg', groupIds: [serviceDesk, sap].sort((a, b) => a - b), organisationId: org, locale: 'de', timeZone: 'Europe/Berlin' });
    const demoted = await admin.patch(`/api/v1/users/${plain.body.id}`, { role: 'customer' });
    expect(demoted.body).toMatchObject({ role: 'customer', groupIds: [] });
    expect((await admin.get(`/api/v1/users/${plain.body.id}`)).body.groupIds).toEqual([]);
    expect((await admin.patch(`/api/v1/users/${plain.body.id}`, { groupIds: [sap] })).status).toBe(400);
    // Promoted back to agent without groups, like a new agent, he joins the default group.
    expect((await admin.patch(`/api/v1/users/${plain.body.id}`, { role: 'agent' })).body.groupIds).toEqual([serviceDesk]);

    // Deactivated users can neither sign in nor keep using their session.
    const session = await t.login('jana.jansen@example.test', 'ein-langes-passwort');
    expect((await admin.patch(`/api/v1/users/${jana}`, { active: false })).body.active).toBe(false);
    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
    expect((await t.anonymous.post('/api/v1/auth/login', { email: 'jana.jansen@example.test', password: 'ein-langes-passwort' })).status).toBe(401);
    expect(await names('active=false')).toEqual(['Jana Jansen-Berg']);
    expect((await admin.patch(`/api/v1/users/${jana}`, { active: true })).body.active).toBe(true);
    expect((await (await t.login('jana.jansen@example.test', 'ein-langes-passwort')).get('/api/v1/me/profile')).status).toBe(200);

    const doc = (await t.anonymous.get('/api/v1/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/users', '/api/v1/users/{id}', '/api/v1/me/profile', '/api/v1/me/password']));
    expect(doc.paths['/api/v1/users'].post.tags).toEqual(['users']);
  });

  it('refuses duplicates, unknown references and bad input', async () => {
    const admin = t.admin.client;
    await admin.post('/api/v1/users', { email: 'doppelt@example.test', name: 'Erste', role: 'customer' });
    const dup = await admin.post('/api/v1/users', { email: 'DOPPELT@example.test', name: 'Zweite', role: 'customer' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'conflict', fields: { email: 'Already taken.' } });
    const cases: Array<[unknown, string]> = [
      [{ email: 'kein-mail', name: 'X', role: 'agent' }, 'email'],
      [{ email: 'a@example.test', name: 'X', role: 'boss' }, 'role'],
      [{ email: 'a@example.test', name: 'X', role: 'agent', password: 'kurz' }, 'password'],
      [{ email: 'a@example.test', name: 'X', role: 'agent', timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ email: 'a@example.test', name: 'X', role: 'agent', timeZone: '+01:00' }, 'timeZone'],
      [{ email: 'a@example.test', name: 'X', role: 'agent', locale: 'fr' }, 'locale'],
      [{ email: 'a@example.test', name: 'X', role: 'agent', organisationId: 999999 }, 'organisationId'],
      [{ email: 'a@example.test', name: 'X', role: 'agent', groupIds: [999999] }, 'groupIds'],
      [{ email: 'a@example.test', name: 'X', role: 'customer', groupIds: [1] }, 'groupIds'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/api/v1/users', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    expect((await admin.get('/api/v1/users?q=a@example.test')).body.items).toEqual([]);
    expect((await admin.post('/api/v1/users', { email: 'b@example.test', name: 'X', role: 'agent', isAdmin: true })).status).toBe(400);
    expect((await admin.patch(`/api/v1/users/${t.admin.id}`, { email: 'neu@example.test' })).status).toBe(400);
    expect((await admin.patch('/api/v1/users/999999', { name: 'Niemand' })).status).toBe(404);
    expect((await admin.get('/api/v1/users/999999')).status).toBe(404);
    expect((await admin.get('/api/v1/users/-1')).status).toBe(400);
    expect((await admin.get('/api/v1/users?role=boss')).status).toBe(400);
    expect((await admin.get('/api/v1/users?cursor=%%%')).status).toBe(400);
  });

  it('keeps customers to themselves and agents and customers out of administration', async () => {
    const org = await t.organisation('Abgeschottet AG');
    const customer = await t.user({ role: 'customer', organisationId: org });
    const colleague = await t.user({ role: 'customer', organisationId: org });
    const agent = await t.user({ role: 'agent' });

    expect((await customer.client.get(`/api/v1/users/${customer.id}`)).body).toMatchObject({ id: customer.id, email: customer.email });
    for (const other of [colleague.id, agent.id, t.admin.id, 999999]) {
      const res = await customer.client.get(`/api/v1/users/${other}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await customer.client.get('/api/v1/users')).status).toBe(403);
    expect((await agent.client.get(`/api/v1/users/${customer.id}`)).status).toBe(200);
    expect((await agent.client.get('/api/v1/users?q=Abgeschottet')).status).toBe(200);

    for (const caller of [customer, agent]) {
      expect((await caller.client.post('/api/v1/users', { email: 'neu@example.test', name: 'Neu', role: 'admin' })).status).toBe(403);
      expect((await caller.client.patch(`/api/v1/users/${caller.id}`, { role: 'admin' })).status).toBe(403);
      expect((await caller.client.patch(`/api/v1/users/${t.admin.id}`, { active: false })).status).toBe(403);
    }
    expect((await t.admin.client.get(`/api/v1/users/${agent.id}`)).body.role).toBe('agent');
    expect((await t.admin.client.get('/api/v1/users?q=neu@example.test')).body.items).toEqual([]);
  });

  it('does not let the last active admin lock themselves out', async () => {
    const admin = t.admin.client;
    for (const change of [{ active: false }, { role: 'agent' }, { role: 'customer' }]) {
      const res = await admin.patch(`/api/v1/users/${t.admin.id}`, change);
      expect(res.status, JSON.stringify(change)).toBe(409);
      expect(res.body.error.code).toBe('conflict');
    }
    expect((await admin.get(`/api/v1/users/${t.admin.id}`)).body).toMatchObject({ role: 'admin', active: true });

    // With a second active admin, the first may step down, and the second is then the last one.
    const second = await t.user({ role: 'admin' });
    expect((await admin.patch(`/api/v1/users/${t.admin.id}`, { role: 'agent' })).body.role).toBe('agent');
    expect((await second.client.patch(`/api/v1/users/${second.id}`, { active: false })).status).toBe(409);
    expect((await second.client.patch(`/api/v1/users/${t.admin.id}`, { role: 'admin' })).body.role).toBe('admin');
    // A deactivated admin does not count as one who remains.
    expect((await admin.patch(`/api/v1/users/${second.id}`, { active: false })).body.active).toBe(false);
    expect((await admin.patch(`/api/v1/users/${t.admin.id}`, { active: false })).status).toBe(409);

    // Two admins stepping down at the same moment: exactly one of them may.
    expect((await admin.patch(`/api/v1/users/${second.id}`, { active: true })).body.active).toBe(true);
    const both = await Promise.all([admin.patch(`/api/v1/users/${t.admin.id}`, { role: 'agent' }), second.client.patch(`/api/v1/users/${second.id}`, { role: 'agent' })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const admins = await t.db.handle.db.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', 1).execute();
    expect(admins).toHaveLength(1);
  });
});
