import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';

describe.each(DIALECTS)('merging duplicates on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let specialist: TestUser;
  let customer: TestUser;
  let other: TestUser;
  let network: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ network, agent, specialist, customer, other } = await t.cast());
  });
  afterAll(() => t.close());

  const open = async (who: TestUser, subject: string, body: string) => (await who.client.post('/api/v1/tickets', { subject, body })).body as { id: number; version: number };

  it('moves the conversation in time order, closes the duplicate and links both ways', async () => {
    const target = await open(customer, 'Outlook startet nicht', 'Outlook hängt beim Start');
    const source = await open(customer, 'Outlook kaputt', 'Nochmal: Outlook geht nicht, Fehler Pelikan');
    await agent.client.post(`/api/v1/tickets/${target.id}/messages`, { body: 'Bitte neu starten.' });
    await agent.client.post(`/api/v1/tickets/${source.id}/messages`, { body: 'Notiz zum Duplikat', internal: true });

    const res = await agent.client.post(`/api/v1/tickets/${source.id}/merge`, { targetId: target.id });
    expect(res.status).toBe(200);
    expect(res.body.source).toMatchObject({ id: source.id, status: 'closed' });
    expect(res.body.target.id).toBe(target.id);

    const messages = await agent.client.get(`/api/v1/tickets/${target.id}/messages`);
    const bodies = messages.body.items.map((m: { body: string }) => m.body);
    expect(bodies.slice(0, 4)).toEqual(['Outlook hängt beim Start', 'Nochmal: Outlook geht nicht, Fehler Pelikan', 'Bitte neu starten.', 'Notiz zum Duplikat']);
    const times = messages.body.items.map((m: { createdAt: string }) => m.createdAt);
    expect([...times].sort()).toEqual(times);
    const note = messages.body.items.at(-1);
    expect(note).toMatchObject({ internal: true, author: { id: agent.id } });
    expect(note.body).toContain(`#${source.id}`);

    // Same requester: they see the moved public message, not the notes.
    const seen = await customer.client.get(`/api/v1/tickets/${target.id}/messages`);
    expect(seen.body.items.map((m: { body: string }) => m.body)).toEqual(['Outlook hängt beim Start', 'Nochmal: Outlook geht nicht, Fehler Pelikan', 'Bitte neu starten.']);
    expect((await agent.client.get(`/api/v1/tickets/${source.id}/messages`)).body.items).toEqual([]);

    expect((await agent.client.get(`/api/v1/tickets/${source.id}/links`)).body).toEqual({ mergedInto: target.id, mergedFrom: [] });
    expect((await customer.client.get(`/api/v1/tickets/${target.id}/links`)).body).toEqual({ mergedInto: null, mergedFrom: [source.id] });

    const sourceHistory = (await customer.client.get(`/api/v1/tickets/${source.id}/history`)).body.items;
    expect(sourceHistory).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'merged', field: 'merged_into', newValue: String(target.id) }), expect.objectContaining({ field: 'status', newValue: 'closed' })]),
    );
    const targetHistory = (await agent.client.get(`/api/v1/tickets/${target.id}/history`)).body.items;
    expect(targetHistory).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'merged', field: 'merged_from', newValue: String(source.id) })]));

    // Neither the requester nor an agent can reopen the merged shell: the request goes on in the target.
    const shell = (await agent.client.get(`/api/v1/tickets/${source.id}`)).body;
    for (const who of [customer, agent]) {
      const reopen = await who.client.patch(`/api/v1/tickets/${source.id}`, { version: shell.version, status: 'open' });
      expect(reopen.status).toBe(409);
      expect(reopen.body.error.message).toContain(`#${target.id}`);
    }

    // The target is found by the moved words.
    expect((await agent.client.get('/api/v1/tickets?q=Pelikan')).body.items.map((i: { id: number }) => i.id)).toContain(target.id);
    expect((await customer.client.get('/api/v1/tickets?q=Pelikan')).body.items.map((i: { id: number }) => i.id)).toContain(target.id);
  });

  it('refuses merging into itself, twice, or into a merged ticket', async () => {
    const a = await open(customer, 'A', 'a');
    const b = await open(customer, 'B', 'b');
    const c = await open(customer, 'C', 'c');
    expect((await agent.client.post(`/api/v1/tickets/${a.id}/merge`, { targetId: a.id })).status).toBe(409);
    expect((await agent.client.post(`/api/v1/tickets/${a.id}/merge`, { targetId: b.id })).status).toBe(200);
    const again = await agent.client.post(`/api/v1/tickets/${a.id}/merge`, { targetId: c.id });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    expect((await agent.client.post(`/api/v1/tickets/${c.id}/merge`, { targetId: a.id })).status).toBe(409);
  });

  it('hides one requester’s words from another when their tickets are merged', async () => {
    const target = await open(customer, 'Netz langsam', 'Karls Beschreibung');
    const source = await open(other, 'Netz sehr langsam', 'Olgas Geheimnis Flamingo');
    expect((await agent.client.post(`/api/v1/tickets/${source.id}/merge`, { targetId: target.id })).status).toBe(200);
    const karl = await customer.client.get(`/api/v1/tickets/${target.id}/messages`);
    expect(karl.body.items.map((m: { body: string }) => m.body)).toEqual(['Karls Beschreibung']);
    expect((await customer.client.get('/api/v1/tickets?q=Flamingo')).body.items).toEqual([]);
    expect((await agent.client.get(`/api/v1/tickets/${target.id}/messages`)).body.items.some((m: { body: string; internal: boolean }) => m.body.includes('Flamingo') && m.internal)).toBe(true);
    expect((await customer.client.get(`/api/v1/tickets/${target.id}/links`)).body).toEqual({ mergedInto: null, mergedFrom: [] });
    expect((await customer.client.get(`/api/v1/tickets/${target.id}/history`)).body.items.some((e: { kind: string }) => e.kind === 'merged')).toBe(false);
  });

  it('keeps customers and agents without sight of both tickets out', async () => {
    const a = await open(customer, 'A', 'a');
    const b = await open(customer, 'B', 'b');
    const hidden = (await t.admin.client.post('/api/v1/tickets', { subject: 'Netz', body: 'x', groupId: network })).body;
    expect((await customer.client.post(`/api/v1/tickets/${a.id}/merge`, { targetId: b.id })).status).toBe(403);
    expect((await agent.client.post(`/api/v1/tickets/${a.id}/merge`, { targetId: hidden.id })).status).toBe(404);
    expect((await specialist.client.post(`/api/v1/tickets/${a.id}/merge`, { targetId: hidden.id })).status).toBe(404);
    expect((await other.client.get(`/api/v1/tickets/${a.id}/links`)).status).toBe(404);
    expect((await agent.client.post(`/api/v1/tickets/${a.id}/merge`, { targetId: 'b' })).status).toBe(400);
    expect((await agent.client.get(`/api/v1/tickets/${a.id}`)).body.status).toBe('new');
  });
});
