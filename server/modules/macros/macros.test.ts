import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';

/**
 * Macros and text snippets as agents use them: personal ones stay personal, shared ones are
 * the admins', per-group ones reach that group only, placeholders are filled in the requester's
 * language, and applying a macro changes the ticket at the version the agent saw and hands
 * back the reply for the composer without sending anything.
 */
describe.each(DIALECTS)('macros and text snippets on %s', (dialect) => {
  let t: TestApp;
  let anna: TestUser;
  let bernd: TestUser;
  let nils: TestUser;
  let greta: TestUser;
  let john: TestUser;
  let network: number;
  let serviceDesk: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const cast = await t.cast();
    network = cast.network;
    nils = cast.specialist;
    anna = await t.user({ role: 'agent', name: 'Anna Agent' });
    bernd = await t.user({ role: 'agent', name: 'Bernd Berger' });
    serviceDesk = (await anna.client.get('/api/v1/auth/me')).body.user.groupIds[0];
    greta = await t.user({ role: 'customer', name: 'Greta Gärtner' });
    john = await t.user({ role: 'customer', name: 'John Smith' });
    expect((await t.admin.client.patch(`/api/v1/users/${greta.id}`, { locale: 'de' })).status).toBe(200);
    expect((await t.admin.client.patch(`/api/v1/users/${john.id}`, { locale: 'en' })).status).toBe(200);
  });
  afterAll(() => t.close());

  const ticketOf = async (requester: TestUser, subject: string) => {
    const created = await requester.client.post('/api/v1/tickets', { subject, body: 'Bitte helfen / please help.' });
    expect(created.status).toBe(201);
    return created.body as { id: number; version: number };
  };

  it('keeps personal snippets personal and fills them in the requester’s language', async () => {
    const created = await anna.client.post('/api/v1/snippets', {
      name: 'Gruß',
      scope: 'personal',
      bodyDe: 'Hallo {{requester.firstName}}, zu Ticket #{{ticket.number}} ({{ticket.subject}}): {{ agent.name }}',
      bodyEn: 'Hello {{requester.name}}, about ticket #{{ticket.number}}: {{agent.name}}',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scope: 'personal', owner: { id: anna.id, name: 'Anna Agent' }, groupId: null, editable: true });
    const id = created.body.id as number;

    expect(((await anna.client.get('/api/v1/snippets')).body.items as Array<{ id: number }>).map((s) => s.id)).toContain(id);
    expect(((await anna.client.get('/api/v1/snippets?q=gru')).body.items as Array<{ id: number }>).map((s) => s.id)).toEqual([id]);
    expect(((await bernd.client.get('/api/v1/snippets')).body.items as Array<{ id: number }>).map((s) => s.id)).not.toContain(id);
    expect(((await t.admin.client.get('/api/v1/snippets')).body.items as Array<{ id: number }>).map((s) => s.id)).not.toContain(id);
    expect((await bernd.client.patch(`/api/v1/snippets/${id}`, { name: 'Meins' })).status).toBe(404);
    expect((await bernd.client.delete(`/api/v1/snippets/${id}`)).status).toBe(404);

    const german = await ticketOf(greta, 'Drucker streikt');
    const english = await ticketOf(john, 'Printer down');
    const de = await anna.client.get(`/api/v1/snippets/${id}/render?ticketId=${german.id}`);
    expect(de.body).toEqual({ locale: 'de', text: `Hallo Greta, zu Ticket #${german.id} (Drucker streikt): Anna Agent` });
    const en = await anna.client.get(`/api/v1/snippets/${id}/render?ticketId=${english.id}`);
    expect(en.body).toEqual({ locale: 'en', text: `Hello John Smith, about ticket #${english.id}: Anna Agent` });
    expect((await bernd.client.get(`/api/v1/snippets/${id}/render?ticketId=${german.id}`)).status).toBe(404);

    // Only an English text: German readers get it rather than nothing.
    const patched = await anna.client.patch(`/api/v1/snippets/${id}`, { bodyDe: '' });
    expect(patched.status).toBe(200);
    expect((await anna.client.get(`/api/v1/snippets/${id}/render?ticketId=${german.id}`)).body).toMatchObject({ locale: 'en', text: expect.stringContaining('Hello Greta Gärtner') });

    const typo = await anna.client.post('/api/v1/snippets', { name: 'Tippfehler', scope: 'personal', bodyDe: 'Hallo {{requester.vorname}}' });
    expect(typo.status).toBe(400);
    expect(typo.body.error.fields.bodyDe).toMatch(/Unknown placeholder \{\{requester.vorname\}\}; use \{\{requester.name\}\}/);
    expect((await anna.client.post('/api/v1/snippets', { name: 'Leer', scope: 'personal' })).status).toBe(400);
    expect((await anna.client.delete(`/api/v1/snippets/${id}`)).status).toBe(204);
  });

  it('leaves shared texts to admins and per-group ones to that group', async () => {
    expect((await anna.client.post('/api/v1/snippets', { name: 'Für alle', scope: 'shared', bodyDe: 'Hallo' })).status).toBe(403);
    const everyone = await t.admin.client.post('/api/v1/snippets', { name: 'Für alle', scope: 'shared', bodyDe: 'Hallo zusammen', bodyEn: 'Hello all' });
    expect(everyone.status).toBe(201);
    const networkOnly = await t.admin.client.post('/api/v1/snippets', { name: 'VPN-Anleitung', scope: 'shared', groupId: network, bodyDe: 'So richten Sie das VPN ein …' });
    expect(networkOnly.body).toMatchObject({ scope: 'shared', groupId: network, owner: null });
    expect((await anna.client.post('/api/v1/snippets', { name: 'x', scope: 'personal', groupId: serviceDesk, bodyDe: 'x' })).status).toBe(400);

    const seen = async (u: TestUser) => ((await u.client.get('/api/v1/snippets')).body.items as Array<{ id: number; editable: boolean }>).map((s) => s.id);
    expect(await seen(anna)).toContain(everyone.body.id);
    expect(await seen(anna)).not.toContain(networkOnly.body.id);
    expect(await seen(nils)).toEqual(expect.arrayContaining([everyone.body.id, networkOnly.body.id]));
    expect((await anna.client.patch(`/api/v1/snippets/${everyone.body.id}`, { bodyDe: 'Meins' })).status).toBe(403);
    expect((await anna.client.delete(`/api/v1/snippets/${networkOnly.body.id}`)).status).toBe(404);
    expect((await t.admin.client.patch(`/api/v1/snippets/${everyone.body.id}`, { name: 'Gruß an alle' })).body.name).toBe('Gruß an alle');
  });

  it('applies a macro: fields at the seen version, the reply filled in for the composer, nothing sent', async () => {
    const macro = await t.admin.client.post('/api/v1/macros', {
      name: 'Rückfrage Drucker',
      scope: 'shared',
      changes: { status: 'pending', priority: 'high', assignToSelf: true },
      replyDe: 'Hallo {{requester.firstName}},\nwelches Modell ist es? (#{{ticket.number}})\nViele Grüße\n{{agent.name}}',
      replyEn: 'Hi {{requester.firstName}},\nwhich model is it? (#{{ticket.number}})\nBest regards\n{{agent.name}}',
    });
    expect(macro.status).toBe(201);
    expect(macro.body).toMatchObject({ changes: { status: 'pending', priority: 'high', assignToSelf: true } });
    const macroId = macro.body.id as number;
    expect((await anna.client.patch(`/api/v1/macros/${macroId}`, { name: 'Meins' })).status).toBe(403);

    for (const [requester, locale, text] of [
      [greta, 'de', 'Hallo Greta,\nwelches Modell ist es?'],
      [john, 'en', 'Hi John,\nwhich model is it?'],
    ] as const) {
      const ticket = await ticketOf(requester, 'Drucker / printer');
      const applied = await anna.client.post(`/api/v1/tickets/${ticket.id}/apply-macro`, { macroId, version: ticket.version });
      expect(applied.status).toBe(200);
      expect(applied.body.ticket).toMatchObject({ status: 'pending', priority: 'high', assignee: { id: anna.id }, version: ticket.version + 1 });
      expect(applied.body.reply).toEqual({ locale, text: `${text} (#${ticket.id})\n${locale === 'de' ? 'Viele Grüße' : 'Best regards'}\nAnna Agent` });
      // The reply waits in the composer: the conversation has only the request.
      expect((await anna.client.get(`/api/v1/tickets/${ticket.id}/messages`)).body.items).toHaveLength(1);
      const history = (await anna.client.get(`/api/v1/tickets/${ticket.id}/history`)).body.items as Array<{ field: string; actor: { id: number } }>;
      expect(history.filter((h) => ['status', 'priority', 'assignee'].includes(h.field)).map((h) => h.actor.id)).toEqual([anna.id, anna.id, anna.id]);
      // The same click on the old version: someone (here: the macro) changed it meanwhile.
      const stale = await anna.client.post(`/api/v1/tickets/${ticket.id}/apply-macro`, { macroId, version: ticket.version });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('stale_version');
      expect((await greta.client.post(`/api/v1/tickets/${ticket.id}/apply-macro`, { macroId, version: ticket.version + 1 })).status).toBe(403);
    }

    // Someone else's personal macro does not exist for you; a macro with a reply only does not write.
    const personal = await bernd.client.post('/api/v1/macros', { name: 'Nur Text', scope: 'personal', replyEn: 'Thanks, {{requester.name}}!' });
    expect(personal.status).toBe(201);
    const ticket = await ticketOf(john, 'Danke');
    expect((await anna.client.post(`/api/v1/tickets/${ticket.id}/apply-macro`, { macroId: personal.body.id, version: ticket.version })).status).toBe(404);
    const thanks = await bernd.client.post(`/api/v1/tickets/${ticket.id}/apply-macro`, { macroId: personal.body.id, version: ticket.version });
    expect(thanks.body).toMatchObject({ ticket: { version: ticket.version }, reply: { locale: 'en', text: 'Thanks, John Smith!' } });

    expect((await anna.client.post('/api/v1/macros', { name: 'Nichts', scope: 'personal' })).status).toBe(400);
    const badGroup = await anna.client.post('/api/v1/macros', { name: 'Weg', scope: 'personal', changes: { groupId: 999999 } });
    expect(badGroup.status).toBe(400);
    expect(badGroup.body.error.fields).toHaveProperty('groupId');
    expect((await anna.client.post('/api/v1/macros', { name: 'x', scope: 'personal', changes: { status: 'gone' } })).status).toBe(400);
  });

  it('shows customers and strangers nothing', async () => {
    const ticket = await ticketOf(greta, 'Geheim');
    for (const path of ['/api/v1/snippets', '/api/v1/macros']) {
      expect((await greta.client.get(path)).status).toBe(403);
      expect((await t.anonymous.get(path)).status).toBe(401);
    }
    expect((await greta.client.post('/api/v1/snippets', { name: 'x', scope: 'personal', bodyDe: 'x' })).status).toBe(403);
    const shared = (await anna.client.get('/api/v1/snippets')).body.items[0] as { id: number };
    expect((await greta.client.get(`/api/v1/snippets/${shared.id}/render?ticketId=${ticket.id}`)).status).toBe(403);
    // An agent of another group cannot fill a text for a ticket they do not see.
    expect((await nils.client.get(`/api/v1/snippets/${shared.id}/render?ticketId=${ticket.id}`)).status).toBe(404);
  });
});
