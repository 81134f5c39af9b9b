import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { messageIdOf } from './parse-mail.ts';
import { storeInboundMail } from './store-inbound-mail.ts';
import { type Intake, rawMail, startIntake } from './test/intake-harness.ts';

interface Item {
  id: number;
  from: string | null;
  subject: string;
  messageId: string;
  state: string;
  reason: string | null;
  ticketId: number | null;
}

describe.each(DIALECTS)('mail administration on %s', (dialect) => {
  let t: TestApp;
  let intake: Intake;
  let agent: TestUser;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = await t.user({ role: 'agent' });
    customer = await t.user({ role: 'customer' });
    intake = await startIntake(t);
  });
  afterAll(async () => {
    await intake.close();
    await t.close();
  });

  const list = async (query: string) => {
    const res = await t.admin.client.get(`/api/v1/admin/inbound-mails${query}`);
    expect(res.status).toBe(200);
    return res.body as { items: Item[]; nextCursor: string | null };
  };

  it('lists an ignored newsletter with the reason, and processes it again into a ticket without a receipt', async () => {
    await intake.deliver(
      rawMail(
        { From: 'Shop <news@shop.example>', 'Message-ID': '<admin-bulk@shop.example>', Subject: 'Angebote der Woche', Precedence: 'bulk', 'List-Unsubscribe': '<mailto:u@shop.example>' },
        'Nur heute!',
      ),
    );
    await intake.drain();
    const ignored = (await list('?state=ignored')).items.find((i) => i.messageId === '<admin-bulk@shop.example>')!;
    expect(ignored).toMatchObject({ from: 'news@shop.example', subject: 'Angebote der Woche', state: 'ignored', ticketId: null, reason: expect.stringContaining('Bulk') });
    expect(Object.keys(ignored)).toEqual(expect.arrayContaining(['id', 'receivedAt', 'from', 'subject', 'messageId', 'state', 'reason', 'ticketId']));
    // The older filter still answers.
    expect((await list('?status=ignored')).items.map((i) => i.id)).toContain(ignored.id);

    for (const caller of [agent, customer]) {
      expect((await caller.client.get('/api/v1/admin/inbound-mails')).status).toBe(403);
      expect((await caller.client.post(`/api/v1/admin/inbound-mails/${ignored.id}/reprocess`)).status).toBe(403);
    }
    const sent = intake.sink.mails.length;
    const again = await t.admin.client.post(`/api/v1/admin/inbound-mails/${ignored.id}/reprocess`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: ignored.id, state: 'ticket', ticketId: expect.any(Number), reason: null });
    await intake.drain();
    const ticket = await t.admin.client.get(`/api/v1/tickets/${again.body.ticketId}`);
    expect(ticket.body).toMatchObject({ subject: 'Angebote der Woche' });
    // A machine gets no receipt.
    expect(intake.sink.mails.slice(sent).filter((m) => m.envelopeTo.includes('news@shop.example'))).toEqual([]);
    // Made once: a second reprocess is refused, with a message.
    const twice = await t.admin.client.post(`/api/v1/admin/inbound-mails/${ignored.id}/reprocess`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already/);
    expect((await t.admin.client.post('/api/v1/admin/inbound-mails/999999/reprocess')).status).toBe(404);
    expect((await t.admin.client.get('/api/v1/admin/inbound-mails?state=bogus')).status).toBe(400);
  });

  it('lists the second copy of a mail as a duplicate of the first, and pages with a cursor', async () => {
    const mail = rawMail({ 'Message-ID': '<admin-dup@kunde.example>', Subject: 'Doppelt' }, 'Zweimal gesendet.');
    await intake.deliver(mail);
    await intake.drain();
    await intake.deliver(mail);
    const duplicates = (await list('?state=duplicate')).items.filter((i) => i.messageId === '<admin-dup@kunde.example>');
    const first = (await list('?state=ticket')).items.find((i) => i.messageId === '<admin-dup@kunde.example>')!;
    expect(duplicates).toEqual([expect.objectContaining({ state: 'duplicate', ticketId: first.ticketId, subject: 'Doppelt', reason: expect.stringContaining(`inbound mail ${first.id}`) })]);
    const page1 = await list('?limit=1');
    expect(page1.items).toHaveLength(1);
    const page2 = await list(`?limit=1&cursor=${page1.nextCursor}`);
    expect(page2.items[0]!.id).toBeLessThan(page1.items[0]!.id);
  });

  it('recognises a mail without Message-ID once over SMTP (CRLF) and once through the pipe (LF) as one', async () => {
    const crlf = rawMail({ 'Message-ID': '', Subject: 'Ohne Kennung' }, 'Zeile eins\nZeile zwei');
    expect(crlf).toContain('\r\n');
    // The pipe's MTA writes LF and adds its own trace headers.
    const lf = `Return-Path: <petra.meier@kunde.example>\nReceived: from mx by local\n${crlf.replace(/\r\n/g, '\n')}`;
    expect(messageIdOf(Buffer.from(lf))).toBe(messageIdOf(Buffer.from(crlf)));
    await intake.deliver(crlf, { sign: false });
    const piped = await storeInboundMail(t.db.handle.db, t.dialect, Buffer.from(lf), { source: 'api' });
    expect(piped.stored).toBe(false);
    await intake.drain();
    const tickets = await t.db.handle.db.selectFrom('tickets').select('id').where('subject', '=', 'Ohne Kennung').execute();
    expect(tickets).toHaveLength(1);
  });

  it('shows a mail as text: markup its sender wrote is never rendered, HTML keeps no classes', async () => {
    const html =
      '<p>Bitte &lt;script&gt;alert(1)&lt;/script&gt; pr&uuml;fen.</p><div class="message-internal" style="color:red">Interne Notiz</div><p><a href="https://evil.example">Ihr Konto</a></p><pre>    eingerückt</pre>';
    await intake.deliver(rawMail({ 'Message-ID': '<admin-xss@kunde.example>', Subject: 'Lookalike', 'Content-Type': 'text/html; charset=utf-8' }, html));
    await intake.drain();
    const ticketId = (await intake.inbound('<admin-xss@kunde.example>'))!.ticket_id!;
    const messages = (await t.admin.client.get(`/api/v1/tickets/${ticketId}/messages`)).body.items as Array<{ body: string; format: string; bodyHtml: string | null }>;
    expect(messages[0]).toMatchObject({ format: 'text' });
    expect(messages[0]!.body).toContain('Bitte <script>alert(1)</script> prüfen.');
    expect(messages[0]!.bodyHtml).not.toMatch(/class=|style=|<script/);
    // What a person writes in the app stays Markdown.
    const own = await customer.client.post('/api/v1/tickets', { subject: 'Im Portal', body: '**fett**' });
    const portal = (await customer.client.get(`/api/v1/tickets/${own.body.id}/messages`)).body.items as Array<{ format: string }>;
    expect(portal[0]).toMatchObject({ format: 'markdown' });
  });

  it('lets an admin change a mailbox without ever seeing its password', async () => {
    const created = await t.admin.client.post('/api/v1/admin/mailboxes', { name: 'Support', host: 'imap.example.test', port: 993, username: 'support', password: 'geheim-1' });
    const changed = await t.admin.client.patch(`/api/v1/admin/mailboxes/${created.body.id}`, { name: 'Support DE', password: 'geheim-2', active: false });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Support DE', active: false, host: 'imap.example.test' });
    expect(JSON.stringify(changed.body)).not.toContain('geheim');
    expect((await t.admin.client.patch('/api/v1/admin/mailboxes/999999', { name: 'x' })).status).toBe(404);
    expect((await agent.client.patch(`/api/v1/admin/mailboxes/${created.body.id}`, { name: 'x' })).status).toBe(403);
  });
});
