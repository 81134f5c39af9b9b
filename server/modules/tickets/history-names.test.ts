import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type Cast, type TestApp } from '../../test/test-app.ts';

describe.each(DIALECTS)('a ticket history in words on %s', (dialect) => {
  let t: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    cast = await t.cast();
  });
  afterAll(() => t.close());

  it('names the group, assignee and category an id stands for, and a merge by ticket number', async () => {
    const { agent, specialist, customer, network } = cast;
    const hardware = await t.category('Hardware');
    const created = (await customer.client.post('/api/v1/tickets', { subject: 'Monitor flackert', body: 'Der Monitor flackert seit heute.' })).body;
    const changed = await agent.client.patch(`/api/v1/tickets/${created.id}`, { version: created.version, groupId: network, assigneeId: specialist.id, categoryId: hardware });
    expect(changed.status).toBe(200);
    const target = (await customer.client.post('/api/v1/tickets', { subject: 'Monitor', body: 'Noch einmal: der Monitor.' })).body;
    expect((await t.admin.client.post(`/api/v1/tickets/${created.id}/merge`, { targetId: target.id })).status).toBe(200);

    const items = (await t.admin.client.get(`/api/v1/tickets/${created.id}/history`)).body.items as Array<Record<string, unknown>>;
    const entry = (field: string) => items.find((i) => i.field === field);
    expect(entry('group')).toMatchObject({ oldLabel: 'Service Desk', newLabel: 'Netzwerk', newValue: String(network) });
    expect(entry('assignee')).toMatchObject({ oldLabel: null, newLabel: 'Nils Netzwerk' });
    expect(entry('category')).toMatchObject({ oldLabel: null, newLabel: 'Hardware' });
    expect(entry('merged_into')).toMatchObject({ kind: 'merged', newLabel: `#${target.id}` });
    expect(entry('status')).toMatchObject({ oldLabel: 'new', newLabel: 'closed' });
  });
});
