/**
 * An admin tidies up the reference data: renames a group, an organisation and a category,
 * deletes what nothing uses, and deactivates what tickets and people still refer to. Deactivated
 * entries leave the pickers (the default lists) but old tickets still name them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

describe.each(DIALECTS)('renaming, deleting and deactivating groups, organisations and categories on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('renames, deletes the unused and deactivates the used, with 409 in_use naming what uses them', async () => {
    const admin = t.admin.client;
    const group = (await admin.post('/api/v1/groups', { name: 'Netzwerk', level: 'specialist' })).body;
    const spare = (await admin.post('/api/v1/groups', { name: 'Übrig', level: '2' })).body;
    const org = (await admin.post('/api/v1/organisations', { name: 'Kunde AG', kind: 'customer', domain: 'kunde.example' })).body;
    const spareOrg = (await admin.post('/api/v1/organisations', { name: 'Leer GmbH', kind: 'customer' })).body;
    const category = (await admin.post('/api/v1/categories', { name: 'Drucker', nameEn: 'Printers' })).body;
    const spareCategory = (await admin.post('/api/v1/categories', { name: 'Fax' })).body;
    expect(group.active).toBe(true);
    expect(org.active).toBe(true);

    // Renames.
    expect((await admin.patch(`/api/v1/groups/${group.id}`, { name: 'Netzwerkteam' })).body).toMatchObject({ name: 'Netzwerkteam', active: true });
    expect((await admin.patch(`/api/v1/organisations/${org.id}`, { name: 'Kunde SE' })).body.name).toBe('Kunde SE');
    expect((await admin.patch(`/api/v1/categories/${category.id}`, { name: 'Druck', nameEn: 'Printing' })).body).toMatchObject({ name: 'Druck', nameEn: 'Printing' });

    // A customer of the organisation opens a ticket in the category, which an agent moves to the group.
    const customer = await t.user({ role: 'customer', organisationId: org.id });
    const ticket = (await customer.client.post('/api/v1/tickets', { subject: 'Drucker druckt nicht', body: 'Seit heute.', categoryId: category.id })).body;
    const moved = await admin.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, groupId: group.id });
    expect(moved.status).toBe(200);

    // What nothing uses can go.
    expect((await admin.delete(`/api/v1/groups/${spare.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/v1/organisations/${spareOrg.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/v1/categories/${spareCategory.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/groups/${spare.id}`)).status).toBe(404);
    expect((await admin.delete(`/api/v1/groups/${spare.id}`)).status).toBe(404);

    // What is used answers 409 in_use with a sentence that says what uses it and what to do.
    const groupInUse = await admin.delete(`/api/v1/groups/${group.id}`);
    expect(groupInUse.status).toBe(409);
    expect(groupInUse.body.error).toMatchObject({ code: 'in_use', uses: { tickets: 1, 'history entries': 1 } });
    expect(groupInUse.body.error.message).toBe('The group "Netzwerkteam" is still used by 1 ticket, 1 history entry; deactivate it instead of deleting it.');
    const orgInUse = await admin.delete(`/api/v1/organisations/${org.id}`);
    expect(orgInUse.status).toBe(409);
    expect(orgInUse.body.error.message).toMatch(/^The organisation "Kunde SE" is still used by 1 user, 1 ticket; deactivate it/);
    const categoryInUse = await admin.delete(`/api/v1/categories/${category.id}`);
    expect(categoryInUse.status).toBe(409);
    expect(categoryInUse.body.error.message).toMatch(/^The category "Druck" is still used by 1 ticket;/);
    const defaultGroup = (await admin.get('/api/v1/groups')).body.items.find((g: { isDefault: boolean }) => g.isDefault);
    const deleteDefault = await admin.delete(`/api/v1/groups/${defaultGroup.id}`);
    expect(deleteDefault.status).toBe(409);
    expect(deleteDefault.body.error.message).toMatch(/default group cannot be deleted/);
    expect((await admin.patch(`/api/v1/groups/${defaultGroup.id}`, { active: false })).status).toBe(409);

    // People an admin creates join the organisation of their mail domain unless told otherwise.
    expect((await admin.post('/api/v1/users', { email: 'Anna@Kunde.example', name: 'Anna', role: 'customer' })).body.organisationId).toBe(org.id);
    expect((await admin.post('/api/v1/users', { email: 'ohne@kunde.example', name: 'Ohne', role: 'customer', organisationId: null })).body.organisationId).toBeNull();

    // Deactivated: gone from the pickers, listed for admins with all=true, still named on the ticket.
    expect((await admin.patch(`/api/v1/groups/${group.id}`, { active: false })).body.active).toBe(false);
    expect((await admin.patch(`/api/v1/organisations/${org.id}`, { active: false })).body.active).toBe(false);
    expect((await admin.patch(`/api/v1/categories/${category.id}`, { active: false })).body.active).toBe(false);
    const agent = await t.user({ role: 'agent' });
    const names = (res: { body: { items: Array<{ name: string }> } }) => res.body.items.map((x) => x.name);
    expect(names(await agent.client.get('/api/v1/groups'))).not.toContain('Netzwerkteam');
    expect(names(await agent.client.get('/api/v1/organisations'))).not.toContain('Kunde SE');
    expect(names(await customer.client.get('/api/v1/categories'))).not.toContain('Druck');
    expect(names(await admin.get('/api/v1/groups?all=true'))).toContain('Netzwerkteam');
    expect(names(await admin.get('/api/v1/organisations?all=true'))).toContain('Kunde SE');
    expect(names(await admin.get('/api/v1/categories?all=true'))).toContain('Druck');
    expect((await agent.client.get('/api/v1/groups?all=true')).status).toBe(403);
    expect((await agent.client.get('/api/v1/organisations?all=true')).status).toBe(403);
    const old = (await admin.get(`/api/v1/tickets/${ticket.id}`)).body;
    expect(old.group).toMatchObject({ id: group.id, name: 'Netzwerkteam' });
    expect(old.category).toMatchObject({ id: category.id, name: 'Druck' });
    expect((await customer.client.get(`/api/v1/tickets/${ticket.id}`)).status).toBe(200);

    // A deactivated organisation no longer takes in new people by their mail domain.
    const newcomer = await admin.post('/api/v1/users', { email: 'neu@kunde.example', name: 'Neu', role: 'customer' });
    expect(newcomer.body.organisationId).toBeNull();

    // Reactivated, it is offered again; the default cannot move to a deactivated group.
    expect((await admin.patch(`/api/v1/groups/${group.id}`, { isDefault: true })).status).toBe(409);
    expect((await admin.patch(`/api/v1/groups/${group.id}`, { active: true })).body.active).toBe(true);
    expect(names(await agent.client.get('/api/v1/groups'))).toContain('Netzwerkteam');

    // Only admins change or delete.
    for (const path of [`/api/v1/groups/${group.id}`, `/api/v1/organisations/${org.id}`, `/api/v1/categories/${category.id}`]) {
      expect((await agent.client.delete(path)).status).toBe(403);
      expect((await customer.client.delete(path)).status).toBe(403);
    }
  });

  it('a deactivated group takes no tickets: not by PATCH, escalation, hand-back or routing', async () => {
    const admin = t.admin.client;
    const agent = await t.user({ role: 'agent' });
    const team = (await admin.post('/api/v1/groups', { name: 'Alte SAP-Gruppe', level: 'specialist' })).body;
    const category = (await admin.post('/api/v1/categories', { name: 'SAP alt', groupId: team.id })).body;
    const customer = await t.user({ role: 'customer' });
    const routedBefore = (await customer.client.post('/api/v1/tickets', { subject: 'SAP hängt', body: 'Beim Buchen.', categoryId: category.id })).body;
    expect(routedBefore.group.id).toBe(team.id);

    const ticket = (await customer.client.post('/api/v1/tickets', { subject: 'Drucker offline', body: 'Seit gestern.' })).body;
    const up = await admin.post(`/api/v1/tickets/${ticket.id}/escalate`, { reason: 'Braucht SAP', groupId: team.id });
    expect(up.status).toBe(200);
    // Escalated on from the team, so a hand-back would return it there.
    const network = (await admin.post('/api/v1/groups', { name: 'Netz', level: 'specialist' })).body;
    expect((await admin.post(`/api/v1/tickets/${ticket.id}/escalate`, { reason: 'Weiter', groupId: network.id })).status).toBe(200);

    expect((await admin.patch(`/api/v1/groups/${team.id}`, { active: false })).status).toBe(200);
    const other = (await customer.client.post('/api/v1/tickets', { subject: 'Monitor flackert', body: 'Ab und zu.' })).body;
    const patch = await admin.patch(`/api/v1/tickets/${other.id}`, { version: other.version, groupId: team.id });
    expect(patch.status).toBe(400);
    expect(patch.body.error.message).toBe('Group Alte SAP-Gruppe is deactivated: choose an active group.');
    const esc = await agent.client.post(`/api/v1/tickets/${other.id}/escalate`, { reason: 'SAP', groupId: team.id });
    expect(esc.status).toBe(400);
    expect(esc.body.error.fields).toEqual({ groupId: 'Deactivated group.' });
    const handBack = await admin.post(`/api/v1/tickets/${ticket.id}/hand-back`, { reason: 'Zurück' });
    expect(handBack.status).toBe(409);
    expect(handBack.body.error.message).toMatch(/^Alte SAP-Gruppe, the group ticket #\d+ was escalated from, is deactivated/);
    // Its category now routes to the default group instead of the deactivated one.
    const routedAfter = (await customer.client.post('/api/v1/tickets', { subject: 'SAP wieder', body: 'Gleicher Fehler.', categoryId: category.id })).body;
    const defaultGroup = (await admin.get('/api/v1/groups')).body.items.find((g: { isDefault: boolean }) => g.isDefault);
    expect(routedAfter.group.id).toBe(defaultGroup.id);
    expect((await admin.get(`/api/v1/tickets/${other.id}`)).body.group.id).toBe(other.group.id);
  });
});
