import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';

/**
 * An agent takes a call: finds the caller (GET /users?q=), or creates them inline, and opens the
 * ticket for them with the channel of the call. The caller is the requester and sees it in the
 * portal; the agent is named in the history; requesters cannot do the same for others.
 */
describe.each(DIALECTS)('agents open tickets for callers on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let caller: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = await t.user({ role: 'agent', name: 'Erika Erstlevel' });
    caller = await t.user({ role: 'customer', name: 'Clara Anruferin', email: 'clara.anruferin@example.test' });
    other = await t.user({ role: 'customer', name: 'Olga Other' });
  });
  afterAll(() => t?.close());

  it('finds the caller, opens a phone ticket for them, and the caller sees it in the portal', async () => {
    const found = await agent.client.get('/api/v1/users?q=anruferin&active=true');
    expect(found.status).toBe(200);
    expect(found.body.items.map((u: { id: number }) => u.id)).toEqual([caller.id]);

    const created = await agent.client.post('/api/v1/tickets', { subject: 'VPN geht nicht', body: 'Rief um 9 Uhr an.', requesterId: caller.id, channel: 'phone', priority: 'high' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ channel: 'phone', requester: { id: caller.id, name: 'Clara Anruferin' }, priority: 'high' });
    const history = (await agent.client.get(`/api/v1/tickets/${created.body.id}/history`)).body.items;
    expect(history[0]).toMatchObject({ kind: 'created', newValue: 'phone', actor: { id: agent.id } });

    const mine = await caller.client.get('/api/v1/tickets');
    expect(mine.body.items.map((x: { id: number }) => x.id)).toContain(created.body.id);
    expect((await caller.client.get(`/api/v1/tickets/${created.body.id}`)).status).toBe(200);
    expect((await other.client.get(`/api/v1/tickets/${created.body.id}`)).status).toBe(404);
  });

  it('creates a new caller inline (walk-in) in the chosen organisation; a known address is that person', async () => {
    const organisationId = await t.organisation('Stadtwerke');
    const created = await agent.client.post('/api/v1/tickets', {
      subject: 'Drucker',
      body: 'Kam am Schalter vorbei.',
      requester: { email: 'Walter.Walkin@Example.test', name: 'Walter Walk-in', organisationId },
      channel: 'walk_in',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ channel: 'walk_in', requester: { name: 'Walter Walk-in', email: 'walter.walkin@example.test' }, organisation: { id: organisationId } });
    const user = (await t.admin.client.get(`/api/v1/users/${created.body.requester.id}`)).body;
    expect(user).toMatchObject({ role: 'customer', organisationId });

    const again = await agent.client.post('/api/v1/tickets', { subject: 'Noch was', body: 'x', requester: { email: caller.email, name: 'Anderer Name' }, channel: 'email' });
    expect(again.status).toBe(201);
    expect(again.body.requester).toMatchObject({ id: caller.id, name: 'Clara Anruferin' });
  });

  it('refuses requesters acting for others, unknown channels and people, with sentences', async () => {
    const refusals: Array<[TestUser, unknown, number, RegExp]> = [
      [caller, { subject: 'x', body: 'x', requesterId: other.id }, 403, /Only agents/],
      [caller, { subject: 'x', body: 'x', requester: { email: other.email, name: 'Olga' } }, 403, /Only agents/],
      [caller, { subject: 'x', body: 'x', requesterEmail: other.email }, 403, /Only agents/],
      [caller, { subject: 'x', body: 'x', channel: 'phone' }, 403, /Only agents/],
      [agent, { subject: 'x', body: 'x', requesterId: caller.id, channel: 'fax' }, 400, /phone, walk_in/],
      [agent, { subject: 'x', body: 'x', requesterId: caller.id, channel: 'api' }, 400, /phone, walk_in/],
      [agent, { subject: 'x', body: 'x', requesterId: 99_999 }, 400, /no active person/],
      [agent, { subject: 'x', body: 'x', requesterId: caller.id, requester: { email: 'a@example.test', name: 'A' } }, 400, /once/],
      [agent, { subject: 'x', body: 'x', requester: { email: 'neu@example.test', name: 'Neu', organisationId: 99_999 } }, 400, /no organisation/],
    ];
    for (const [who, body, status, message] of refusals) {
      const res = await who.client.post('/api/v1/tickets', body);
      expect([res.status, JSON.stringify(res.body.error)]).toEqual([status, expect.stringMatching(message)]);
    }
    // A requester's own ticket still works and records how it came in.
    const own = await caller.client.post('/api/v1/tickets', { subject: 'Selbst', body: 'x' });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ channel: 'api', requester: { id: caller.id } });
  });
});
