import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';

describe.each(DIALECTS)('saved views on %s', (dialect) => {
  let t: TestApp;
  let anna: TestUser;
  let ben: TestUser;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    anna = await t.user({ role: 'agent' });
    ben = await t.user({ role: 'agent' });
    customer = await t.user({ role: 'customer' });
  });
  afterAll(() => t.close());

  it('creates, lists, changes and deletes an agent’s own views, usable as GET /tickets filters', async () => {
    const created = await anna.client.post('/api/v1/me/views', { name: 'Dringend, offen', filters: { status: 'new,open', priority: 'urgent,high', assignee: 'none' }, sort: '-priority' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Dringend, offen', filters: { status: 'new,open', priority: 'urgent,high', assignee: 'none' }, sort: '-priority' });

    await customer.client.post('/api/v1/tickets', { subject: 'Server down', body: 'Alles steht.' });
    const query = new URLSearchParams({ ...created.body.filters, sort: created.body.sort }).toString();
    expect((await anna.client.get(`/api/v1/tickets?${query}`)).status).toBe(200);

    const numeric = await anna.client.post('/api/v1/me/views', { name: 'Gruppe', filters: { group: 1 } });
    expect(numeric.body).toMatchObject({ filters: { group: '1' }, sort: null });

    const list = await anna.client.get('/api/v1/me/views');
    expect(list.body.items.map((v: { name: string }) => v.name)).toEqual(['Dringend, offen', 'Gruppe']);
    expect((await ben.client.get('/api/v1/me/views')).body.items).toEqual([]);

    const renamed = await anna.client.patch(`/api/v1/me/views/${created.body.id}`, { name: 'Brennt', sort: null });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: created.body.id, name: 'Brennt', sort: null, filters: { status: 'new,open' } });

    expect((await anna.client.delete(`/api/v1/me/views/${numeric.body.id}`)).status).toBe(204);
    expect((await anna.client.get('/api/v1/me/views')).body.items.map((v: { id: number }) => v.id)).toEqual([created.body.id]);
  });

  it('answers 404 for someone else’s view and 403 for customers', async () => {
    const { body: view } = await anna.client.post('/api/v1/me/views', { name: 'Meins', filters: { assignee: 'me' } });
    expect((await ben.client.patch(`/api/v1/me/views/${view.id}`, { name: 'Geklaut' })).status).toBe(404);
    expect((await ben.client.delete(`/api/v1/me/views/${view.id}`)).status).toBe(404);
    expect((await anna.client.get('/api/v1/me/views')).body.items.some((v: { name: string }) => v.name === 'Meins')).toBe(true);
    expect((await customer.client.get('/api/v1/me/views')).status).toBe(403);
    expect((await customer.client.post('/api/v1/me/views', { name: 'x', filters: {} })).status).toBe(403);
    expect((await t.anonymous.get('/api/v1/me/views')).status).toBe(401);
  });

  it('rejects filters GET /tickets would not take', async () => {
    const unknownKey = await anna.client.post('/api/v1/me/views', { name: 'x', filters: { colour: 'red' } });
    expect(unknownKey.status).toBe(400);
    const badValue = await anna.client.post('/api/v1/me/views', { name: 'x', filters: { status: 'sleeping' } });
    expect(badValue.status).toBe(400);
    expect(badValue.body.error.fields['filters.status']).toBeTruthy();
    expect((await anna.client.post('/api/v1/me/views', { name: '', filters: {} })).status).toBe(400);
    expect((await anna.client.post('/api/v1/me/views', { name: 'x', filters: {}, sort: 'sideways' })).status).toBe(400);
    expect((await anna.client.patch('/api/v1/me/views/abc', { name: 'x' })).status).toBe(400);
  });
});
