import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowIso } from '../../platform/db/database.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { upload } from '../attachments/test/upload.ts';
import { storagePath } from '../attachments/attachment-store.ts';
import { REMOVED_TEXT } from './anonymise-person.ts';

describe.each(DIALECTS)('data export and anonymisation on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());
  const db = () => t.db.handle.db;

  it('exports everything about a person, then anonymises them: no sign-in, tickets kept without their name, address or words', async () => {
    const agent = await t.user({ role: 'agent', name: 'Anna Agent' });
    const karl = await t.user({ role: 'customer', name: 'Karlheinz Kundenmann', email: 'karlheinz_kundenmann@kunde.example', password: 'karls-passwort-1' });
    const session = await t.login(karl.email, 'karls-passwort-1');

    const ticket = (await karl.client.post('/api/v1/tickets', { subject: 'Drucker von Karlheinz Kundenmann', body: 'Mein Drucker klemmt, ruft mich an: 0171 5550123.' })).body;
    const file = (await upload(karl.client, ticket.id, [{ filename: 'foto.txt', content: 'Bild vom Papierstau', type: 'text/plain' }])).body.items[0];
    expect((await karl.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Foto anbei.', attachmentIds: [file.id] })).status).toBe(201);
    expect((await agent.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Hallo Karlheinz Kundenmann, wir kommen vorbei.' })).status).toBe(201);
    const current = (await agent.client.get(`/api/v1/tickets/${ticket.id}`)).body;
    expect((await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: current.version, status: 'resolved' })).status).toBe(200);
    expect((await karl.client.post(`/api/v1/tickets/${ticket.id}/satisfaction`, { rating: 4, comment: 'Danke, sagt Karlheinz' })).status).toBe(200);
    const raw = Buffer.from(`From: ${karl.email}\r\nSubject: Drucker\r\n\r\nText\r\n`);
    await db()
      .insertInto('inbound_mails')
      .values({ message_id: '<karl-1@kunde.example>', source: 'api', raw, size: raw.length, status: 'processed', from_address: karl.email, received_at: nowIso() })
      .execute();

    // Mail to Karl waits in the queue; mail to a look-alike address ("_" is a LIKE wildcard) must stay.
    await enqueue(db(), 'mail.send', { to: karl.email, subject: 'Ihr Ticket', text: 'Hallo Karlheinz' }, { runAt: '2999-01-01T00:00:00.000Z' });
    const otherJob = await enqueue(db(), 'mail.send', { to: 'karlheinzXkundenmann@kunde.example', subject: 'x', text: 'y' }, { runAt: '2999-01-01T00:00:00.000Z' });

    const exported = await t.admin.client.get(`/api/v1/admin/users/${karl.id}/export`);
    expect(exported.status, JSON.stringify(exported.body)).toBe(200);
    expect(exported.headers['content-disposition']).toContain(`anlauf-person-${karl.id}.json`);
    const data = exported.body;
    expect(data.profile).toMatchObject({ id: karl.id, email: karl.email, name: 'Karlheinz Kundenmann', hasPassword: true });
    expect(data.tickets).toHaveLength(1);
    expect(data.tickets[0].messages.map((m: { body: string }) => m.body)).toEqual([
      'Mein Drucker klemmt, ruft mich an: 0171 5550123.',
      'Foto anbei.',
      'Hallo Karlheinz Kundenmann, wir kommen vorbei.',
    ]);
    expect(data.ratings).toEqual([expect.objectContaining({ ticket_id: ticket.id, rating: 4, comment: 'Danke, sagt Karlheinz' })]);
    expect(data.signInHistory.map((e: { action: string }) => e.action)).toContain('auth.sign_in');
    expect(data.attachmentsUploaded).toEqual([expect.objectContaining({ id: file.id, filename: 'foto.txt' })]);
    expect(data.inboundMails).toEqual([expect.objectContaining({ message_id: '<karl-1@kunde.example>' })]);
    expect(JSON.stringify(data)).not.toMatch(/password_hash|scrypt\$|token_hash/);
    expect((await agent.client.get(`/api/v1/admin/users/${karl.id}/export`)).status).toBe(403);

    // Traces outside the ticket's current text: an earlier subject (history entry and event) and
    // a second ticket of Karl's merged into someone else's, with the merge note naming him.
    const before = (await agent.client.get(`/api/v1/tickets/${ticket.id}`)).body;
    expect((await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: before.version, subject: 'Drucker klemmt' })).status).toBe(200);
    const olga = await t.user({ role: 'customer', name: 'Olga Otto' });
    const target = (await olga.client.post('/api/v1/tickets', { subject: 'Drucker im 2. Stock', body: 'Auch bei mir.' })).body;
    const second = (await karl.client.post('/api/v1/tickets', { subject: 'Nochmal der Drucker von Karlheinz Kundenmann', body: 'Viele Grüße, Karlheinz Kundenmann' })).body;
    expect((await agent.client.post(`/api/v1/tickets/${second.id}/merge`, { targetId: target.id })).status).toBe(200);
    expect((await t.admin.client.get(`/api/v1/tickets?q=Kundenmann`)).body.items.map((i: { id: number }) => i.id)).toContain(target.id);

    expect((await t.admin.client.post(`/api/v1/admin/users/${t.admin.id}/anonymise`)).status).toBe(409);
    expect((await agent.client.post(`/api/v1/admin/users/${karl.id}/anonymise`)).status).toBe(403);
    const storedFile = storagePath(t.config.dataDir, (await db().selectFrom('attachments').select('storage_key').where('id', '=', file.id).executeTakeFirstOrThrow()).storage_key);
    expect(fs.existsSync(storedFile)).toBe(true);

    await t.dispatcher.drain();
    const done = await t.admin.client.post(`/api/v1/admin/users/${karl.id}/anonymise`);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.user).toEqual({ id: karl.id, name: `Anonymisiert #${karl.id}`, email: `anonymised-${karl.id}@invalid` });
    expect(done.body.summary).toMatchObject({ tickets: 2, attachments: 1, inboundMails: 1 });
    // The queued one and the notifications to Karl (receipt, the agent's reply) are gone.
    expect(done.body.summary.mailJobs).toBeGreaterThanOrEqual(2);
    const left = await db().selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').execute();
    expect(left.filter((j) => j.payload.includes(karl.email))).toEqual([]);
    expect(await db().selectFrom('jobs').select('id').where('id', '=', otherJob).executeTakeFirst()).toEqual({ id: otherJob });
    // The audit log keeps its entries but no longer names them (a later sign-in attempt with the old address would be a new entry).
    const naming = (await db().selectFrom('audit_log').selectAll().execute()).filter((e) => /karlheinz/i.test(JSON.stringify(e)));
    expect(naming).toEqual([]);

    // Sign-in is impossible: password, session and token are gone.
    expect((await t.anonymous.post('/api/v1/auth/login', { email: karl.email, password: 'karls-passwort-1' })).status).toBe(401);
    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
    expect((await karl.client.get('/api/v1/tickets')).status).toBe(401);

    // The ticket stays, with its status and rating, but without Karl.
    const kept = (await t.admin.client.get(`/api/v1/tickets/${ticket.id}`)).body;
    expect(kept).toMatchObject({
      status: 'resolved',
      subject: 'Drucker klemmt',
      requester: { id: karl.id, name: `Anonymisiert #${karl.id}`, email: `anonymised-${karl.id}@invalid` },
    });
    const bodies = (await t.admin.client.get(`/api/v1/tickets/${ticket.id}/messages`)).body.items.map((m: { body: string }) => m.body);
    expect(bodies).toEqual([REMOVED_TEXT, REMOVED_TEXT, `Hallo Anonymisiert #${karl.id}, wir kommen vorbei.`]);
    expect((await t.admin.client.get(`/api/v1/tickets?q=Kundenmann`)).body.items).toEqual([]);
    expect((await t.admin.client.get(`/api/v1/tickets?q=Karlheinz`)).body.items).toEqual([]);
    // The list of indexed words (prefix expansion) keeps none of his words either, but the others.
    const { rows } = await sql<{ word: string }>`SELECT word FROM ticket_search_words WHERE word IN ('kundenmann', 'karlheinz', 'klemmt', 'drucker')`.execute(db());
    expect(rows.map((r) => r.word).sort()).toEqual(['drucker', 'klemmt']);
    // Olga's ticket keeps the merged messages, without Karl's words or name.
    const merged = (await t.admin.client.get(`/api/v1/tickets/${target.id}/messages`)).body.items.map((m: { body: string }) => m.body);
    expect(merged.join('\n')).not.toMatch(/karlheinz|kundenmann/i);
    expect(merged).toContain(REMOVED_TEXT);
    const history = await db().selectFrom('ticket_events').select(['old_value', 'new_value']).where('ticket_id', 'in', [ticket.id, target.id]).execute();
    expect(JSON.stringify(history)).not.toMatch(/karlheinz|kundenmann/i);
    expect(history).toContainEqual({ old_value: `Drucker von Anonymisiert #${karl.id}`, new_value: 'Drucker klemmt' });
    const events = await db().selectFrom('domain_events').select('payload').where('aggregate_id', 'in', [ticket.id, target.id, second.id]).execute();
    expect(JSON.stringify(events)).not.toMatch(/karlheinz|kundenmann/i);
    expect((await t.admin.client.get(`/api/v1/tickets?q=Drucker`)).body.items.map((i: { id: number }) => i.id)).toContain(ticket.id);
    expect((await t.admin.client.get(`/api/v1/attachments/${file.id}`)).status).toBe(404);
    expect(fs.existsSync(storedFile)).toBe(false);
    const rating = await db().selectFrom('satisfaction_ratings').select(['rating', 'comment']).where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(rating).toEqual({ rating: 4, comment: '' });
    const mail = await db().selectFrom('inbound_mails').select(['size', 'from_address']).where('message_id', '=', '<karl-1@kunde.example>').executeTakeFirstOrThrow();
    expect(mail).toEqual({ size: 0, from_address: null });

    // Nothing stored about the person names them any more; the erasure itself is audited.
    const after = JSON.stringify((await t.admin.client.get(`/api/v1/admin/users/${karl.id}/export`)).body);
    expect(after).not.toMatch(/karlheinz|kundenmann|0171/i);
    const entry = await db().selectFrom('audit_log').selectAll().where('action', '=', 'user.anonymised').executeTakeFirstOrThrow();
    expect([entry.actor_id, entry.target_id]).toEqual([t.admin.id, karl.id]);
    // Erasure is the one change the audit log allows: anything else is still refused.
    await expect(sql`UPDATE audit_log SET target_label = 'jemand@example.test' WHERE id = ${entry.id}`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit_log SET client_ip = '192.0.2.1' WHERE id = ${entry.id}`.execute(db())).rejects.toThrow(/append-only/);
  });
});
