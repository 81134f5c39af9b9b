import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { sendAgentDigest } from '../notifications/agent-digest.ts';
import { DIGEST_REPLY_REASON } from './digest-reply.ts';
import { type Intake, MAIL_FROM, rawMail, startIntake } from './test/intake-harness.ts';

/**
 * An agent who answers the digest of new tickets by mail: the digest belongs to no ticket, so the
 * answer must not become a ticket of the agent's own; it is set aside and given back to the agent
 * with the reason. Through the real subscriber, digest, SMTP intake with sender verification and
 * outgoing mail.
 */
describe.each(DIALECTS)('replies to a digest on %s', (dialect) => {
  let t: TestApp;
  let intake: Intake;
  let anna: TestUser;
  let rita: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect, { mailFrom: MAIL_FROM, agentDigestSeconds: 60 });
    anna = await t.user({ role: 'agent', name: 'Anna Agent' });
    rita = await t.user({ role: 'customer', name: 'Rita Requester' });
    intake = await startIntake(t);
  });
  afterAll(async () => {
    await intake.close();
    await t.close();
  });

  const db = () => t.db.handle.db;
  const ticketCount = async () =>
    Number(
      (
        await db()
          .selectFrom('tickets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("gives an agent's reply to a digest back to them instead of opening a ticket", async () => {
    // Three requests in a row: the first is mailed to Anna at once, the other two wait for her digest.
    for (const subject of ['Outlook stürzt ab', 'Outlook öffnet nicht', 'Mailprogramm hängt']) {
      expect((await rita.client.post('/api/v1/tickets', { subject, body: `${subject}, seit heute früh.` })).status).toBe(201);
    }
    await intake.drain();
    expect(await sendAgentDigest(db(), t.config, anna.id)).toBe(2);
    const before = intake.sink.mails.length;
    await intake.drain();
    const digest = intake.sink.mails.slice(before).find((m) => m.envelopeTo.includes(anna.email))!;
    expect(digest.parsed.subject).toBe('2 weitere neue Tickets in Ihren Gruppen');

    const tickets = await ticketCount();
    const sent = intake.sink.mails.length;
    const reply = rawMail(
      {
        From: `Anna Agent <${anna.email}>`,
        'Message-ID': '<anna-digest-1@example.com>',
        Subject: `Re: ${digest.parsed.subject}`,
        'In-Reply-To': digest.parsed.messageId!,
        References: digest.parsed.messageId!,
      },
      'Ich übernehme die beiden Outlook-Fälle.\n\n> 2 weitere neue Tickets',
    );
    await intake.deliver(reply);
    await intake.drain();

    const inbound = (await intake.inbound('<anna-digest-1@example.com>'))!;
    expect(inbound, `verification: ${inbound.auth_results}`).toMatchObject({ outcome: 'ignored', status: 'ignored', ticket_id: null, failure_reason: DIGEST_REPLY_REASON });
    expect(await ticketCount()).toBe(tickets);
    // Anna gets her text back, in her language (unset: German), as an answer to her own mail.
    const back = intake.sink.mails.slice(sent);
    expect(back.map((m) => m.envelopeTo)).toEqual([[anna.email]]);
    const returned = back[0]!.parsed;
    expect(returned.subject).toBe(`Ihre Antwort wurde keinem Ticket zugeordnet: Re: ${digest.parsed.subject}`);
    expect(returned.inReplyTo).toBe('<anna-digest-1@example.com>');
    expect(returned.headers.get('auto-submitted')).toBe('auto-replied');
    expect(returned.text).toContain('> Ich übernehme die beiden Outlook-Fälle.');
  });

  it('answers in English an agent who never chose a language but whose own replies are English', async () => {
    // Ben never chose a language: it is learnt from his first reply (detect-language), as for his other mails.
    const ben = await t.user({ role: 'agent', name: 'Ben Baker' });
    const created = await rita.client.post('/api/v1/tickets', { subject: 'VPN drops', body: 'Die VPN-Verbindung bricht ständig ab.' });
    expect(created.status).toBe(201);
    const answered = await ben.client.post(`/api/v1/tickets/${created.body.id}/messages`, {
      body: 'Please install the new VPN client from the software portal and restart your laptop afterwards.',
    });
    expect(answered.status).toBe(201);
    await intake.drain();

    const sent = intake.sink.mails.length;
    await intake.deliver(
      rawMail(
        { From: `Ben Baker <${ben.email}>`, 'Message-ID': '<ben-digest-1@example.com>', Subject: 'Re: 4 more new tickets in your groups', 'In-Reply-To': `<anlauf.digest.u${ben.id}.e7@example.com>` },
        'I will take the VPN ones.',
      ),
    );
    await intake.drain();
    expect(await intake.inbound('<ben-digest-1@example.com>')).toMatchObject({ outcome: 'ignored', failure_reason: DIGEST_REPLY_REASON });
    const back = intake.sink.mails.slice(sent).filter((m) => m.envelopeTo.includes(ben.email));
    expect(back.map((m) => m.parsed.subject)).toEqual(['Your reply was not added to any ticket: Re: 4 more new tickets in your groups']);
    expect(back[0]!.parsed.text).toContain('> I will take the VPN ones.');
  });

  it('treats a look-alike of another domain, or a customer answering a forwarded digest, as any other mail', async () => {
    const tickets = await ticketCount();
    // Our format, but not our domain: nothing we sent.
    await intake.deliver(
      rawMail(
        { From: anna.email, 'Message-ID': '<anna-other-1@example.com>', Subject: 'Re: Übersicht', 'In-Reply-To': `<anlauf.digest.u${anna.id}.e1@other.example>` },
        'Bitte Drucker im 3. OG prüfen.',
      ),
    );
    // A customer who got a digest forwarded and answers it asks for something: a ticket.
    await intake.deliver(
      rawMail(
        { From: `Rita Requester <${rita.email}>`, 'Message-ID': '<rita-fwd-1@example.com>', Subject: 'Re: Fwd: neue Tickets', 'In-Reply-To': `<anlauf.digest.u${anna.id}.e1@example.com>` },
        'Mein Outlook geht auch nicht.',
      ),
    );
    await intake.drain();
    expect(await intake.inbound('<anna-other-1@example.com>')).toMatchObject({ outcome: 'new_ticket' });
    expect(await intake.inbound('<rita-fwd-1@example.com>')).toMatchObject({ outcome: 'new_ticket' });
    expect(await ticketCount()).toBe(tickets + 2);
  });
});
