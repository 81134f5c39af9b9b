import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

describe.each(DIALECTS)('groups on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('lets an admin set up a specialist team with members and move the default group', async () => {
    const admin = t.admin.client;
    const list = await admin.get('/api/v1/groups');
    expect(list.status).toBe(200);
    const serviceDesk = list.body.items.find((g: { name: string }) => g.name === 'Service Desk');
    expect(serviceDesk).toMatchObject({ level: '1', isDefault: true, memberCount: 1 });

    const created = await admin.post('/api/v1/groups', { name: 'Netzwerk', level: 'specialist', description: 'LAN, WLAN, VPN' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      name: 'Netzwerk',
      level: 'specialist',
      description: 'LAN, WLAN, VPN',
      isDefault: false,
      assignmentMode: 'off',
      active: true,
      memberCount: 0,
    });
    const network = created.body.id as number;

    const anna = await t.user({ role: 'agent', name: 'Anna Netz' });
    const boss = await t.user({ role: 'admin', name: 'Bernd Chef' });
    expect((await admin.request('PUT', `/api/v1/groups/${network}/members/${anna.id}`)).status).toBe(204);
    expect((await admin.request('PUT', `/api/v1/groups/${network}/members/${anna.id}`)).status).toBe(204);
    expect((await admin.request('PUT', `/api/v1/groups/${network}/members/${boss.id}`)).status).toBe(204);

    const detail = await admin.get(`/api/v1/groups/${network}`);
    expect(detail.body).toMatchObject({ name: 'Netzwerk', memberCount: 2 });
    expect(detail.body.members).toEqual([
      { id: anna.id, name: 'Anna Netz', email: anna.email, role: 'agent', active: true, supervisor: false, available: true },
      { id: boss.id, name: 'Bernd Chef', email: boss.email, role: 'admin', active: true, supervisor: false, available: true },
    ]);
    // The new member sees the team's tickets at once: their identity now carries the group.
    expect((await anna.client.get('/api/v1/auth/me')).body.user.groupIds).toContain(network);

    expect((await admin.delete(`/api/v1/groups/${network}/members/${boss.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/v1/groups/${network}/members/${boss.id}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/groups/${network}`)).body.members.map((m: { id: number }) => m.id)).toEqual([anna.id]);

    const renamed = await admin.patch(`/api/v1/groups/${network}`, { name: 'Netzwerk & Telefonie', level: '2', description: '' });
    expect(renamed.body).toMatchObject({ name: 'Netzwerk & Telefonie', level: '2', description: '', memberCount: 1 });

    // Moving the default: tickets without a group now land in the new group.
    expect((await admin.patch(`/api/v1/groups/${network}`, { isDefault: true })).body.isDefault).toBe(true);
    const defaults = (await admin.get('/api/v1/groups')).body.items.filter((g: { isDefault: boolean }) => g.isDefault);
    expect(defaults.map((g: { id: number }) => g.id)).toEqual([network]);
    const customer = await t.user({ role: 'customer' });
    const ticket = await customer.client.post('/api/v1/tickets', { subject: 'VPN geht nicht', body: 'Seit dem Update.' });
    expect(ticket.body.group.id).toBe(network);
    await admin.patch(`/api/v1/groups/${serviceDesk.id}`, { isDefault: true });

    // Agents read groups too.
    expect((await anna.client.get('/api/v1/groups')).status).toBe(200);
    expect((await anna.client.get(`/api/v1/groups/${network}`)).status).toBe(200);
    const doc = (await t.anonymous.get('/api/v1/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/groups', '/api/v1/groups/{id}', '/api/v1/groups/{id}/members/{userId}']));
  });

  it('refuses customers as members, duplicates, bad and unknown ids', async () => {
    const admin = t.admin.client;
    const group = await t.group('Prüfgruppe', '3');
    const customer = await t.user({ role: 'customer' });
    const asCustomer = await admin.request('PUT', `/api/v1/groups/${group}/members/${customer.id}`);
    expect(asCustomer.status).toBe(400);
    expect(asCustomer.body.error.fields).toHaveProperty('userId');
    expect((await admin.request('PUT', `/api/v1/groups/${group}/members/999999`)).status).toBe(404);
    expect((await admin.request('PUT', `/api/v1/groups/999999/members/${t.admin.id}`)).status).toBe(404);
    expect((await admin.request('PUT', `/api/v1/groups/x/members/${t.admin.id}`)).status).toBe(400);

    const dup = await admin.post('/api/v1/groups', { name: 'prüfgruppe', level: '1' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields).toEqual({ name: 'Already taken.' });
    expect((await admin.patch(`/api/v1/groups/${group}`, { name: 'Service Desk' })).status).toBe(409);
    expect((await admin.post('/api/v1/groups', { name: 'Level 4', level: '4' })).status).toBe(400);
    expect((await admin.post('/api/v1/groups', { name: 'Extra', level: '1', isDefault: true })).status).toBe(400);
    expect((await admin.patch(`/api/v1/groups/${group}`, { isDefault: false })).status).toBe(400);
    expect((await admin.patch(`/api/v1/groups/${group}`, { colour: 'blue' })).status).toBe(400);
    expect((await admin.get('/api/v1/groups/999999')).status).toBe(404);
    expect((await admin.patch('/api/v1/groups/999999', { name: 'Nichts' })).status).toBe(404);
  });

  it('keeps customers out and agents from administering', async () => {
    const group = await t.group('Sperrgruppe');
    const customer = await t.user({ role: 'customer' });
    const agent = await t.user({ role: 'agent' });
    expect((await customer.client.get('/api/v1/groups')).status).toBe(403);
    expect((await customer.client.get(`/api/v1/groups/${group}`)).status).toBe(403);
    for (const caller of [customer, agent]) {
      expect((await caller.client.post('/api/v1/groups', { name: 'Meine Gruppe', level: '1' })).status).toBe(403);
      expect((await caller.client.patch(`/api/v1/groups/${group}`, { name: 'Gekapert' })).status).toBe(403);
      expect((await caller.client.request('PUT', `/api/v1/groups/${group}/members/${agent.id}`)).status).toBe(403);
      expect((await caller.client.delete(`/api/v1/groups/${group}/members/${agent.id}`)).status).toBe(403);
    }
    expect((await t.admin.client.get(`/api/v1/groups/${group}`)).body).toMatchObject({ name: 'Sperrgruppe', memberCount: 0 });
  });
});
