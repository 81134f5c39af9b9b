import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { processInboundMail } from './process-inbound-mail.ts';
import { storeInboundMail } from './store-inbound-mail.ts';
import { dkimSigned } from './test/fake-dns.ts';
import { HELPDESK, type Intake, rawMail, startIntake } from './test/intake-harness.ts';

/**
 * Attacks on the trust in a mail's From address: forged requesters and agents, CCs smuggled in
 * by forged mail, auto-replies injected into tickets by number. Verification is real (mailauth
 * against a fake DNS with real DKIM keys).
 */
describe.each(DIALECTS)('who a mail comes from, on %s', (dialect) => {
  let t: TestApp;
  let intake: Intake;
  let agent: TestUser;
  let ticketId: number;
  /** The Reply-To of the receipt petra got: carries her reply token. */
  let petraReplyTo: string;
  let receiptId: string;

  const db = () => t.db.handle.db;
  const messagesOf = (id: number) => db().selectFrom('messages').selectAll().where('ticket_id', '=', id).orderBy('id').execute();
  const ccsOf = async (id: number) => (await db().selectFrom('ticket_ccs').select('email').where('ticket_id', '=', id).execute()).map((c) => c.email);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await t.organisation('Kunde GmbH', { domain: 'kunde.example' });
    agent = await t.user({ role: 'agent', name: 'Anna Agent' });
    intake = await startIntake(t);
    await intake.deliver(rawMail({ 'Message-ID': '<trust-seed@kunde.example>', Subject: 'Drucker druckt nicht' }, 'Der Drucker druckt nicht.'));
    await intake.drain();
    ticketId = (await intake.inbound('<trust-seed@kunde.example>'))!.ticket_id!;
    const receipt = intake.sink.mails.find((m) => m.envelopeTo.includes('petra.meier@kunde.example'))!;
    petraReplyTo = receipt.parsed.replyTo!.value[0]!.address!;
    receiptId = receipt.parsed.messageId!;
  });
  afterAll(async () => {
    await intake.close();
    await t.close();
  });

  it('puts a reply token for the recipient into the Reply-To of mail about a ticket', () => {
    expect(petraReplyTo).toMatch(new RegExp(`^help\\+t${ticketId}-[0-9a-f]{24}@example\\.com$`));
  });

  it('does not let a forged From write into the requester’s ticket: it becomes a new, unverified ticket without CCs', async () => {
    const before = (await messagesOf(ticketId)).length;
    // Unsigned, from an attacker's server, and once signed by the attacker's own domain (not aligned).
    const forged = rawMail(
      { 'Message-ID': '<forged-1@evil.example>', Subject: `Re: [#${ticketId}] Drucker druckt nicht`, Cc: 'spy@evil.example' },
      'Bitte senden Sie die Rechnung an spy@evil.example.',
    );
    await intake.deliver(forged, { from: 'attacker@evil.example', sign: false });
    const signedByEvil = await dkimSigned(rawMail({ 'Message-ID': '<forged-2@evil.example>', Subject: `Re: [#${ticketId}] Drucker`, Cc: 'spy@evil.example' }, 'Noch einmal.'), 'evil.example');
    await intake.deliver(signedByEvil, { from: 'attacker@evil.example', sign: false });
    await intake.drain();

    for (const id of ['<forged-1@evil.example>', '<forged-2@evil.example>']) {
      const inbound = (await intake.inbound(id))!;
      expect(inbound).toMatchObject({ outcome: 'new_ticket', sender_verified: 0 });
      expect(inbound.ticket_id).not.toBe(ticketId);
      expect(await ccsOf(inbound.ticket_id!)).toEqual([]);
      const [message] = await messagesOf(inbound.ticket_id!);
      expect(message).toMatchObject({ sender_verified: 0 });
      expect(message!.body).toContain(`refers to ticket #${ticketId}, but its sender could not be verified`);
    }
    expect((await intake.inbound('<forged-2@evil.example>'))!.auth_results).toMatch(/dkim=pass \(evil\.example\).*dmarc=none/);
    expect(await messagesOf(ticketId)).toHaveLength(before);
    expect(await ccsOf(ticketId)).toEqual([]);

    // Agents see the mark in the API.
    const forgedTicket = (await intake.inbound('<forged-1@evil.example>'))!.ticket_id!;
    const seen = await agent.client.get(`/api/v1/tickets/${forgedTicket}/messages`);
    expect(seen.status).toBe(200);
    expect((seen.body as { items: Array<{ senderVerified: boolean | null }> }).items[0]!.senderVerified).toBe(false);
  });

  it('never turns a forged agent address into an agent reply, not even with the requester’s reply token', async () => {
    const sent = intake.sink.mails.length;
    const before = (await messagesOf(ticketId)).length;
    await intake.deliver(
      rawMail({ From: `Anna Agent <${agent.email}>`, 'Message-ID': '<forged-agent-1@evil.example>', Subject: `Re: [#${ticketId}] Drucker` }, 'Bitte überweisen Sie 500 € an IBAN XY.'),
      { from: 'attacker@evil.example', sign: false },
    );
    await intake.deliver(rawMail({ From: agent.email, To: petraReplyTo, 'Message-ID': '<forged-agent-2@evil.example>', Subject: `Re: [#${ticketId}] Drucker` }, 'Mit Token.'), {
      from: 'attacker@evil.example',
      to: [petraReplyTo],
      sign: false,
    });
    await intake.drain();
    for (const id of ['<forged-agent-1@evil.example>', '<forged-agent-2@evil.example>']) {
      expect(await intake.inbound(id)).toMatchObject({ status: 'held', outcome: 'held', ticket_id: null });
    }
    expect(await messagesOf(ticketId)).toHaveLength(before);
    expect(intake.sink.mails.slice(sent)).toEqual([]);
    // Parked for an admin, with the reason.
    const held = await t.admin.client.get('/api/v1/admin/inbound-mails?status=held');
    expect(held.status).toBe(200);
    const items = (held.body as { items: Array<{ messageId: string; failureReason: string; senderVerified: boolean }> }).items;
    expect(items.find((i) => i.messageId === '<forged-agent-1@evil.example>')).toMatchObject({ senderVerified: false, failureReason: expect.stringContaining(`agent ${agent.email}`) });
  });

  it('accepts a DKIM-signed reply (and its CCs) and a reply to the token address', async () => {
    await intake.deliver(rawMail({ 'Message-ID': '<signed-reply@kunde.example>', Subject: `Re: [#${ticketId}] Drucker`, Cc: 'chef@kunde.example' }, 'Signiert.'));
    // No signature at all, but sent to the reply address with petra's token.
    await intake.deliver(rawMail({ To: petraReplyTo, 'Message-ID': '<token-reply@kunde.example>', Subject: 'Re: Drucker' }, 'Mit Token.'), { to: [petraReplyTo], sign: false });
    // A token tampered with proves nothing.
    const tampered = petraReplyTo.replace(/-([0-9a-f])/, (_m, c: string) => `-${c === '0' ? '1' : '0'}`);
    await intake.deliver(rawMail({ To: tampered, 'Message-ID': '<tampered-reply@kunde.example>', Subject: `Re: [#${ticketId}] Drucker` }, 'Falscher Token.'), { to: [tampered], sign: false });
    await intake.drain();

    expect(await intake.inbound('<signed-reply@kunde.example>')).toMatchObject({ outcome: 'reply', ticket_id: ticketId, sender_verified: 1 });
    expect(await intake.inbound('<token-reply@kunde.example>')).toMatchObject({ outcome: 'reply', ticket_id: ticketId });
    const tamperedRow = (await intake.inbound('<tampered-reply@kunde.example>'))!;
    expect(tamperedRow.outcome).toBe('new_ticket');
    expect(tamperedRow.ticket_id).not.toBe(ticketId);
    expect(await ccsOf(ticketId)).toEqual(['chef@kunde.example']);
    const verified = (await messagesOf(ticketId)).filter((m) => m.body === 'Signiert.' || m.body === 'Mit Token.').map((m) => m.sender_verified);
    expect(verified).toEqual([1, 1]);
  });

  it('trusts SPF when the envelope domain is the From domain and publishes this host', async () => {
    intake.dns.records['spf.example'] = 'v=spf1 ip4:127.0.0.1 -all';
    await intake.deliver(rawMail({ From: 'sam@spf.example', 'Message-ID': '<spf-1@spf.example>', Subject: 'SPF' }, 'Per SPF.'), { from: 'sam@spf.example', sign: false });
    await intake.drain();
    expect(await intake.inbound('<spf-1@spf.example>')).toMatchObject({ outcome: 'new_ticket', sender_verified: 1 });
  });

  it('attaches an auto-reply only when it answers a mail we sent about the ticket, as an automatic message', async () => {
    const before = (await messagesOf(ticketId)).length;
    // A ticket tag in the subject, or one of "our" Message-IDs made up, proves nothing.
    await intake.deliver(rawMail({ 'Message-ID': '<ooo-tag@kunde.example>', Subject: `Abwesend: [#${ticketId}] Drucker`, 'Auto-Submitted': 'auto-replied' }, 'Notiz: Passwort ist 1234.'));
    await intake.deliver(
      rawMail(
        { 'Message-ID': '<ooo-made-up@kunde.example>', Subject: `Abwesend: [#${ticketId}]`, 'Auto-Submitted': 'auto-replied', 'In-Reply-To': `<anlauf.t${ticketId}.guess@example.com>` },
        'Erfunden.',
      ),
    );
    await intake.drain();
    expect(await intake.inbound('<ooo-tag@kunde.example>')).toMatchObject({ outcome: 'ignored', ticket_id: null });
    expect(await intake.inbound('<ooo-made-up@kunde.example>')).toMatchObject({ outcome: 'ignored', ticket_id: null });
    expect(await messagesOf(ticketId)).toHaveLength(before);

    await intake.deliver(rawMail({ 'Message-ID': '<ooo-real@kunde.example>', Subject: 'Abwesend: Drucker', 'Auto-Submitted': 'auto-replied', 'In-Reply-To': receiptId }, 'Bin im Urlaub.'));
    await intake.drain();
    expect(await intake.inbound('<ooo-real@kunde.example>')).toMatchObject({ outcome: 'auto_attached', ticket_id: ticketId });
    const seen = await agent.client.get(`/api/v1/tickets/${ticketId}/messages`);
    const last = (seen.body as { items: Array<{ body: string; automatic: boolean; internal: boolean }> }).items.at(-1)!;
    expect(last).toMatchObject({ body: 'Bin im Urlaub.', automatic: true });
    const history = await db()
      .selectFrom('ticket_events')
      .select('kind')
      .where('ticket_id', '=', ticketId)
      .where('new_value', '=', String((await intake.inbound('<ooo-real@kunde.example>'))!.message_row_id))
      .execute();
    expect(history.map((h) => h.kind)).toEqual(['message']);
  });

  it('behind a trusted MTA, believes only the topmost Authentication-Results of the configured authserv-id', async () => {
    const options = { ...intake.options, trust: { trust: 'mta' as const, authservId: 'mx.example.com', mta: 'example.com' } };
    const deliverAndProcess = async (messageId: string, results: string[]) => {
      const raw = Buffer.from(
        rawMail(
          { 'Message-ID': messageId, Subject: `Re: [#${ticketId}] Drucker`, ...Object.fromEntries(results.map((r, i) => [`Authentication-Results${' '.repeat(i)}`, r])) },
          'Über das MTA.',
        ).replace(/Authentication-Results +:/g, 'Authentication-Results:'),
      );
      const stored = await storeInboundMail(db(), t.dialect, raw, { source: 'imap', envelopeTo: [HELPDESK] });
      if (!stored.stored) throw new Error('not stored');
      await processInboundMail(db(), stored.id, options);
      await db().deleteFrom('jobs').where('payload', 'like', `%"inboundId":${stored.id}}%`).execute();
      return intake.inbound(messageId);
    };
    expect(await deliverAndProcess('<mta-pass@kunde.example>', ['mx.example.com; spf=pass smtp.mailfrom=kunde.example; dmarc=pass header.from=kunde.example'])).toMatchObject({
      outcome: 'reply',
      ticket_id: ticketId,
      sender_verified: 1,
    });
    // A header the forger wrote himself (another id, or below our MTA's own) does not count.
    expect(await deliverAndProcess('<mta-other@kunde.example>', ['evil.example; dmarc=pass header.from=kunde.example'])).toMatchObject({ outcome: 'new_ticket', sender_verified: 0 });
    expect(await deliverAndProcess('<mta-below@kunde.example>', ['mx.example.com; dmarc=fail header.from=kunde.example', 'mx.example.com; dmarc=pass header.from=kunde.example'])).toMatchObject({
      outcome: 'new_ticket',
      sender_verified: 0,
    });
  });
});
