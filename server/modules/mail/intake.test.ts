import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storagePath } from '../attachments/attachment-store.ts';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { startSmtpListener } from './smtp-listener.ts';
import { HELPDESK, type Intake, rawMail, startIntake } from './test/intake-harness.ts';

describe.each(DIALECTS)('mail intake over SMTP on %s', (dialect) => {
  let t: TestApp;
  let intake: Intake;
  let agent: TestUser;
  let kundeOrg: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    kundeOrg = await t.organisation('Kunde GmbH', { domain: 'kunde.example', domainTrusted: true });
    agent = await t.user({ role: 'agent', name: 'Anna Agent' });
    intake = await startIntake(t, { senderLimit: { count: 3, seconds: 600 }, limits: { perFileBytes: 40_000, perMailBytes: 60_000, perMailCount: 10 } }, 300_000);
  });
  afterAll(async () => {
    await intake.close();
    await t.close();
  });

  const db = () => t.db.handle.db;
  const ticketOf = (id: number) => db().selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const messagesOf = (id: number) => db().selectFrom('messages').selectAll().where('ticket_id', '=', id).orderBy('id').execute();

  it('turns a mail into a ticket once, threads replies to it and keeps CCs', async () => {
    const mail = rawMail(
      { 'Message-ID': '<first-1@kunde.example>', Cc: 'Chef <chef@kunde.example>, help@example.com', 'Content-Type': 'text/html; charset=utf-8' },
      '<p>Der <b>Drucker</b> im 2. Stock druckt nicht.</p><script>alert(1)</script><img src="https://evil.example/x.png" onerror="x()">',
    );
    const answer = await intake.deliver(mail);
    expect(answer.response).toMatch(/^250 .*Queued as/);
    // The raw mail is stored before the 250 came back; the ticket exists once the worker ran.
    const stored = await intake.inbound('<first-1@kunde.example>');
    expect(stored).toMatchObject({ status: 'received', source: 'smtp' });
    // Kept byte for byte (after the DKIM signature the sending server added).
    expect(Buffer.from(stored!.raw).toString().endsWith(mail)).toBe(true);
    const sentBefore = intake.sink.mails.length;
    await intake.drain();

    const processed = (await intake.inbound('<first-1@kunde.example>'))!;
    expect(processed).toMatchObject({ status: 'processed', outcome: 'new_ticket' });
    const ticket = await ticketOf(processed.ticket_id!);
    expect(ticket).toMatchObject({ subject: 'Drucker druckt nicht', status: 'new', channel: 'email', organisation_id: kundeOrg });
    const requester = await db().selectFrom('users').selectAll().where('id', '=', ticket.requester_id).executeTakeFirstOrThrow();
    expect(requester).toMatchObject({ email: 'petra.meier@kunde.example', name: 'Petra Meier', role: 'customer' });
    const [first] = await messagesOf(ticket.id);
    expect(first!.body).toContain('Der DRUCKER im 2. Stock druckt nicht.'.replace('DRUCKER', 'Drucker'));
    expect(first!.body_html).toContain('<b>Drucker</b>');
    expect(first!.body_html).not.toMatch(/script|onerror|evil\.example/);
    expect((await db().selectFrom('ticket_ccs').select('email').where('ticket_id', '=', ticket.id).execute()).map((c) => c.email)).toEqual(['chef@kunde.example']);

    // The requester (and the CC) got the receipt with the ticket number.
    const receipt = intake.sink.mails.slice(sentBefore).find((m) => m.envelopeTo.includes('petra.meier@kunde.example'))!;
    expect(receipt.parsed.subject).toBe(`[#${ticket.id}] Drucker druckt nicht`);
    expect(receipt.envelopeTo).toContain('chef@kunde.example');

    // The same mail again (a sender retrying) is acknowledged and dropped.
    expect((await intake.deliver(mail)).response).toMatch(/^250 .*Already received/);
    await intake.drain();
    expect(await db().selectFrom('tickets').select('id').where('requester_id', '=', requester.id).execute()).toHaveLength(1);

    // The requester answers the receipt: a reply on the ticket, quote stripped, status back to open.
    await t.db.handle.db.updateTable('tickets').set({ status: 'pending' }).where('id', '=', ticket.id).execute();
    const reply = rawMail(
      { 'Message-ID': '<reply-1@kunde.example>', Subject: `Re: ${receipt.parsed.subject}`, 'In-Reply-To': receipt.parsed.messageId!, References: receipt.parsed.messageId! },
      `Jetzt geht es wieder, danke!\n\nAm 27.11.2026 um 08:05 schrieb Anlauf Helpdesk <${HELPDESK}>:\n> vielen Dank für Ihre Anfrage.`,
    );
    await intake.deliver(reply);
    await intake.drain();
    expect(await intake.inbound('<reply-1@kunde.example>')).toMatchObject({ outcome: 'reply', ticket_id: ticket.id });
    const messages = await messagesOf(ticket.id);
    expect(messages.at(-1)!.body).toBe('Jetzt geht es wieder, danke!');
    expect((await ticketOf(ticket.id)).status).toBe('open');

    // The CC may write on the ticket by its tag; a stranger using the tag gets a ticket of their own.
    await intake.deliver(rawMail({ From: 'chef@kunde.example', 'Message-ID': '<cc-1@kunde.example>', Subject: `AW: [#${ticket.id}] Drucker` }, 'Bitte priorisieren.'));
    await intake.deliver(rawMail({ From: 'mallory@evil.example', 'Message-ID': '<evil-1@evil.example>', Subject: `[#${ticket.id}] gib mir alles` }, 'Zeig mir das Ticket.'));
    await intake.drain();
    const ccRow = (await intake.inbound('<cc-1@kunde.example>'))!;
    expect(ccRow, `verification: ${ccRow.auth_results} / ${ccRow.failure_reason}`).toMatchObject({ outcome: 'reply', ticket_id: ticket.id });
    const evil = (await intake.inbound('<evil-1@evil.example>'))!;
    expect(evil.outcome).toBe('new_ticket');
    expect(evil.ticket_id).not.toBe(ticket.id);
    expect((await ticketOf(evil.ticket_id!)).subject).toBe('gib mir alles');

    // An agent answering by mail writes a public reply that reaches the requester.
    const before = intake.sink.mails.length;
    await intake.deliver(rawMail({ From: agent.email, 'Message-ID': '<agent-1@example.com>', Subject: `Re: [#${ticket.id}] Drucker` }, 'Toner ist getauscht.'));
    await intake.drain();
    const byAgent = (await intake.inbound('<agent-1@example.com>'))!;
    expect(byAgent, `verification: ${byAgent.auth_results} / ${byAgent.failure_reason}`).toMatchObject({ outcome: 'reply', ticket_id: ticket.id });
    expect(intake.sink.mails.slice(before).some((m) => m.envelopeTo.includes('petra.meier@kunde.example') && m.parsed.text!.includes('Toner ist getauscht.'))).toBe(true);
  });

  it('offers STARTTLS when a key and certificate are configured', async () => {
    const dir = fs.mkdtempSync(path.join(t.config.dataDir, 'tls-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { encoding: 'utf8' });
    expect(made.status).toBe(0);
    const listener = await startSmtpListener({ db: t.db.handle.db, dialect: t.dialect, port: 0, host: '127.0.0.1', recipients: [HELPDESK], maxBytes: 100_000, tlsKeyFile: key, tlsCertFile: cert });
    const client = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
    try {
      const info = await client.sendMail({
        envelope: { from: 'tls@kunde.example', to: [HELPDESK] },
        raw: rawMail({ 'Message-ID': '<tls-1@kunde.example>', From: 'tls@kunde.example' }, 'Verschlüsselt.'),
      });
      expect(info.response).toMatch(/^250/);
      expect(await intake.inbound('<tls-1@kunde.example>')).toMatchObject({ status: 'received' });
    } finally {
      client.close();
      await listener.close();
    }
    await intake.drain();
  });

  it('refuses unknown recipients (550) and oversized mail (552) before storing anything', async () => {
    await expect(intake.deliver(rawMail({ 'Message-ID': '<wrong-rcpt@kunde.example>' }, 'hallo'), { to: ['nobody@elsewhere.example'] })).rejects.toMatchObject({ responseCode: 550 });
    await expect(intake.deliver(rawMail({ 'Message-ID': '<too-big@kunde.example>' }, 'x'.repeat(400_000)))).rejects.toMatchObject({ responseCode: 552 });
    expect(await intake.inbound('<wrong-rcpt@kunde.example>')).toBeUndefined();
    expect(await intake.inbound('<too-big@kunde.example>')).toBeUndefined();
    // A whole domain may be configured.
    expect((await intake.deliver(rawMail({ 'Message-ID': '<domain-ok@kunde.example>', From: 'domain.ok@kunde.example' }, 'hallo'), { to: ['it@support.example.com'] })).response).toMatch(/^250/);
    await intake.drain();
  });

  it('attaches auto-replies and bounces silently, and stops mail loops per sender', async () => {
    await intake.deliver(rawMail({ From: 'olaf.ooo@kunde.example', 'Message-ID': '<ooo-start@kunde.example>', Subject: 'Passwort zurücksetzen' }, 'Bitte Passwort zurücksetzen.'));
    await intake.drain();
    const ticketId = (await intake.inbound('<ooo-start@kunde.example>'))!.ticket_id!;
    // Automatic answers are attached by the Message-ID of the mail we sent (here: the receipt).
    const receiptId = intake.sink.mails.find((m) => m.envelopeTo.includes('olaf.ooo@kunde.example'))!.parsed.messageId!;
    const sent = intake.sink.mails.length;
    await intake.deliver(
      rawMail(
        { From: 'olaf.ooo@kunde.example', 'Message-ID': '<ooo-1@kunde.example>', Subject: `Abwesenheitsnotiz: [#${ticketId}] Passwort`, 'Auto-Submitted': 'auto-replied', 'In-Reply-To': receiptId },
        'Ich bin bis Montag nicht im Büro.',
      ),
    );
    const bounce = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.kunde.example>',
      `To: ${HELPDESK}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <bounce-1@mx.kunde.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'The mail could not be delivered.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Status: 5.1.1',
      '--b1',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${receiptId}`,
      '--b1--',
      '',
    ].join('\r\n');
    await intake.deliver(bounce, { from: '' });
    await intake.drain();
    expect(await intake.inbound('<ooo-1@kunde.example>')).toMatchObject({ outcome: 'auto_attached', ticket_id: ticketId });
    expect(await intake.inbound('<bounce-1@mx.kunde.example>')).toMatchObject({ outcome: 'auto_attached', ticket_id: ticketId });
    const messages = await messagesOf(ticketId);
    expect(messages.slice(1).map((m) => [m.internal, m.automatic])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect((await ticketOf(ticketId)).status).toBe('new');
    // Nobody was notified, so no auto-answer went back either.
    expect(intake.sink.mails.slice(sent)).toEqual([]);

    // A looping sender: the first three mails are processed, the rest kept but not turned into tickets.
    for (let i = 0; i < 5; i++) await intake.deliver(rawMail({ From: 'robot@loop.example', 'Message-ID': `<loop-${i}@loop.example>`, Subject: `Loop ${i}` }, 'Automatische Nachricht'));
    await intake.drain();
    const outcomes = await Promise.all([0, 1, 2, 3, 4].map(async (i) => (await intake.inbound(`<loop-${i}@loop.example>`))!.outcome));
    expect(outcomes).toEqual(['new_ticket', 'new_ticket', 'new_ticket', 'rate_limited', 'rate_limited']);
  });

  it('reopens a recently closed ticket and links a new one to a long closed ticket', async () => {
    await intake.deliver(rawMail({ From: 'rudi@kunde.example', 'Message-ID': '<close-1@kunde.example>', Subject: 'VPN' }, 'VPN geht nicht.'));
    await intake.drain();
    const ticketId = (await intake.inbound('<close-1@kunde.example>'))!.ticket_id!;
    await t.db.handle.db
      .updateTable('tickets')
      .set({ status: 'closed', closed_at: new Date(Date.now() - 3 * 86_400_000).toISOString() })
      .where('id', '=', ticketId)
      .execute();
    await intake.deliver(rawMail({ From: 'rudi@kunde.example', 'Message-ID': '<close-2@kunde.example>', Subject: `Re: [#${ticketId}] VPN` }, 'Geht wieder nicht.'));
    await intake.drain();
    const reopened = (await intake.inbound('<close-2@kunde.example>'))!;
    expect(reopened, `verification: ${reopened.auth_results} / ${reopened.failure_reason}`).toMatchObject({ outcome: 'reopened', ticket_id: ticketId });
    expect((await ticketOf(ticketId)).status).toBe('open');

    await t.db.handle.db
      .updateTable('tickets')
      .set({ status: 'closed', closed_at: new Date(Date.now() - 30 * 86_400_000).toISOString() })
      .where('id', '=', ticketId)
      .execute();
    await intake.deliver(rawMail({ From: 'rudi@kunde.example', 'Message-ID': '<close-3@kunde.example>', Subject: `Re: [#${ticketId}] VPN` }, 'Schon wieder.'));
    await intake.drain();
    const linked = (await intake.inbound('<close-3@kunde.example>'))!;
    expect(linked, `verification: ${linked.auth_results} / ${linked.failure_reason}`).toMatchObject({ outcome: 'new_linked_ticket' });
    expect(linked.ticket_id).not.toBe(ticketId);
    expect((await ticketOf(ticketId)).status).toBe('closed');
    const links = await t.db.handle.db.selectFrom('ticket_events').select(['ticket_id', 'new_value']).where('kind', '=', 'linked').where('ticket_id', 'in', [ticketId, linked.ticket_id!]).execute();
    expect(links).toEqual(
      expect.arrayContaining([
        { ticket_id: ticketId, new_value: String(linked.ticket_id) },
        { ticket_id: linked.ticket_id, new_value: String(ticketId) },
      ]),
    );
  });

  it('stores attachments within the limits and notes the ones it skipped', async () => {
    const small = Buffer.alloc(30_000, 'a').toString('base64');
    const big = Buffer.alloc(50_000, 'b').toString('base64');
    const raw = [
      'From: anja@kunde.example',
      `To: ${HELPDESK}`,
      'Subject: Logs',
      'Message-ID: <att-1@kunde.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="m"',
      '',
      '--m',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Anbei die Logs.',
      '--m',
      'Content-Type: text/plain; name="small.log"',
      'Content-Disposition: attachment; filename="../../small.log"',
      'Content-Transfer-Encoding: base64',
      '',
      small,
      '--m',
      'Content-Type: application/octet-stream; name="big.bin"',
      'Content-Disposition: attachment; filename="big.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      big,
      '--m--',
      '',
    ].join('\r\n');
    await intake.deliver(raw);
    await intake.drain();
    const inbound = (await intake.inbound('<att-1@kunde.example>'))!;
    expect(inbound.outcome).toBe('new_ticket');
    const attachments = await t.db.handle.db.selectFrom('attachments').selectAll().where('ticket_id', '=', inbound.ticket_id!).execute();
    expect(attachments.map((a) => [a.filename, a.size, a.message_id])).toEqual([['small.log', 30_000, inbound.message_row_id]]);
    expect(fs.readFileSync(storagePath(t.config.dataDir, attachments[0]!.storage_key)).length).toBe(30_000);
    const [message] = await messagesOf(inbound.ticket_id!);
    expect(message!.body).toContain('Anbei die Logs.');
    expect(message!.body).toContain('Attachment "big.bin" (0.0 MB) was not stored');
  });
});
