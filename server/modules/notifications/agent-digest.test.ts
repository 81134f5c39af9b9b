import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SunkMail } from '../mail/test/smtp-sink.ts';
import { DIALECTS } from '../../test/test-database.ts';
import type { TestUser } from '../../test/test-app.ts';
import { sql } from 'kysely';
import { AGENT_DIGEST_JOB, holdNewTicketNotices, sendAgentDigest } from './agent-digest.ts';
import { renderDigest } from './templates.ts';
import { type NotificationRig, startNotificationRig } from './test/notification-rig.ts';

/**
 * The digest of new-ticket notices, through the real subscriber, job runner and SMTP: the first
 * new ticket is mailed to the group's agents at once, the burst after it waits for one digest per
 * agent at the window's end, in each agent's language, and a quiet spell opens a new window.
 */
describe.each(DIALECTS)('digest of new-ticket notices on %s', (dialect) => {
  let rig: NotificationRig;
  let anna: TestUser;
  let bernd: TestUser;
  let nina: TestUser;
  let requester: TestUser;

  beforeAll(async () => {
    rig = await startNotificationRig(dialect, { agentDigestSeconds: 60 });
    ({ anna, bernd, nina, requester } = rig);
  });
  afterAll(() => rig.close());

  const db = () => rig.t.db.handle.db;
  const to = (mails: SunkMail[], user: { email: string }) => mails.filter((m) => m.envelopeTo.includes(user.email));
  /** A request of Rita's; with a group, an agent (Anna) takes it down for her there, as from a phone call. */
  const create = async (subject: string, groupId?: number) => {
    const body = { subject, body: `${subject}, since this morning.` };
    const created = groupId ? await anna.client.post('/api/v1/tickets', { ...body, groupId, requesterId: requester.id }) : await requester.client.post('/api/v1/tickets', body);
    expect(created.status).toBe(201);
    return created.body.id as number;
  };
  const digestJobs = () => db().selectFrom('jobs').select(['id', 'payload', 'run_at', 'status']).where('kind', '=', AGENT_DIGEST_JOB).orderBy('id').execute();
  /** The window's end has come: the digest jobs are due now. */
  const windowEnds = () =>
    db()
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .where('kind', '=', AGENT_DIGEST_JOB)
      .where('status', '=', 'queued')
      .execute();
  /** A quiet spell: every agent's window has passed. */
  const quietSpell = () =>
    db()
      .updateTable('agent_notice_windows')
      .set({ held_until: new Date(Date.now() - 1000).toISOString() })
      .execute();

  it('mails the first new ticket at once and the burst after it in one digest per agent', async () => {
    const first = await create('Outlook crashes on start');
    const firstMails = await rig.deliver();
    const agents = [anna, bernd, rig.t.admin];
    for (const agent of agents) {
      expect(to(firstMails, agent).map((m) => m.parsed.subject)).toEqual([`[#${first}] Outlook crashes on start`]);
    }

    // The outage: three more tickets in the Service Desk, and one in the network team, whose agent hears of it at once.
    const burst = [await create('Outlook crashes too'), await create('Outlook will not open'), await create('Mail client hangs')];
    const network = await create('Switch in room 2 blinks', rig.network);
    const burstMails = await rig.deliver();
    expect(burstMails.map((m) => m.envelopeTo[0]).sort()).toEqual([requester.email, requester.email, requester.email, requester.email, nina.email].sort());
    expect(to(burstMails, nina)[0]!.parsed.subject).toBe(`[#${network}] Switch in room 2 blinks`);

    // One digest job per Service Desk agent, due when the window of their first mail ends.
    const jobs = await digestJobs();
    expect(jobs.map((j) => JSON.parse(j.payload).userId).sort()).toEqual(agents.map((a) => a.id).sort());
    for (const job of jobs) expect(Date.parse(job.run_at) - Date.now()).toBeGreaterThan(30_000);

    await windowEnds();
    const digests = await rig.deliver();
    expect(digests.map((m) => m.envelopeTo[0]).sort()).toEqual(agents.map((a) => a.email).sort());
    const annas = to(digests, anna)[0]!.parsed;
    expect(annas.subject).toBe('3 more new tickets in your groups');
    for (const id of burst) expect(annas.text).toContain(`#${id} `);
    expect(annas.text).not.toContain(`#${first} `);
    expect(annas.text).not.toContain(`#${network} `);
    expect(annas.html).toContain(`https://help.example.com/agent/tickets/${burst[0]}`);
    expect(annas.headers.get('auto-submitted')).toBe('auto-generated');
    const bernds = to(digests, bernd)[0]!.parsed;
    expect(bernds.subject).toBe('3 weitere neue Tickets in Ihren Gruppen');
    const berndsText = bernds.text ?? '';
    expect(berndsText.indexOf(`#${burst[0]} `)).toBeGreaterThan(-1);
    expect(berndsText.indexOf(`#${burst[0]} `)).toBeLessThan(berndsText.indexOf(`#${burst[2]} `));
    expect(await db().selectFrom('agent_notices_held').selectAll().execute()).toEqual([]);
    expect(await rig.unfinishedNotifications()).toEqual([]);

    // Run again (a retried job): nothing is held any more, nothing is sent twice.
    expect(await sendAgentDigest(db(), rig.t.config, anna.id)).toBe(0);
    expect(await rig.deliver()).toEqual([]);
  });

  it('holds a ticket right after a digest for the next one, and mails at once after a quiet spell', async () => {
    const right = await create('Printer jams again');
    const held = await rig.deliver();
    expect(held.map((m) => m.envelopeTo[0])).toEqual([requester.email]);

    await quietSpell();
    const later = await create('Monitor flickers');
    const atOnce = await rig.deliver();
    expect(to(atOnce, anna).map((m) => m.parsed.subject)).toEqual([`[#${later}] Monitor flickers`]);

    // The ticket held after the digest still reaches everyone in theirs; the one mailed at once is not repeated.
    await windowEnds();
    const digests = await rig.deliver();
    expect(digests).toHaveLength(3);
    for (const mail of digests) {
      expect(mail.parsed.text).toContain(`#${right} `);
      expect(mail.parsed.text).not.toContain(`#${later} `);
    }
  });

  it('sends no digest to an agent deactivated while their notices waited; the others still get theirs', async () => {
    await quietSpell();
    await create('Teams rings silently');
    await rig.deliver();
    const next = await create('Teams drops calls');
    expect((await rig.deliver()).map((m) => m.envelopeTo[0])).toEqual([requester.email]);
    await db().updateTable('users').set({ active: 0 }).where('id', '=', bernd.id).execute();
    try {
      await windowEnds();
      const digests = await rig.deliver();
      expect(digests.map((m) => m.envelopeTo[0]).sort()).toEqual([anna.email, rig.t.admin.email].sort());
      for (const mail of digests) expect(mail.parsed.text).toContain(`#${next} `);
      expect(await db().selectFrom('agent_notices_held').select('user_id').execute()).toEqual([]);
    } finally {
      await db().updateTable('users').set({ active: 1 }).where('id', '=', bernd.id).execute();
    }
  });

  // PostgreSQL alone: SQLite runs one write transaction at a time.
  if (dialect === 'postgres')
    it('puts a notice held while the digest runs into that digest: the digest waits for the holding transaction', async () => {
      const ticket = await create('Scanner sends empty PDFs');
      await rig.deliver();
      await quietSpell();
      await db()
        .updateTable('agent_notice_windows')
        .set({ held_until: new Date(Date.now() + 60_000).toISOString() })
        .where('user_id', '=', anna.id)
        .execute();
      await db().deleteFrom('agent_notices_held').execute();

      // A chunk of events holds a notice for Anna and has not committed yet.
      const holding = await db().startTransaction().execute();
      try {
        const held = await holdNewTicketNotices(holding, [{ eventId: 900_000_001, ticketId: ticket, userId: anna.id }], 60);
        expect([...held]).toEqual([`900000001:${anna.id}`]);
        // Anna's digest starts meanwhile and waits for the window row the holding transaction locked.
        const digest = sendAgentDigest(db(), rig.t.config, anna.id);
        let waiting = 0;
        for (let i = 0; i < 100 && waiting === 0; i++) {
          const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db());
          waiting = row.rows[0]!.n;
          if (waiting === 0) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(waiting).toBe(1);
        await holding.commit().execute();
        expect(await digest).toBe(1);
      } catch (error) {
        await holding.rollback().execute();
        throw error;
      }
      const mails = await rig.deliver();
      expect(to(mails, anna).map((m) => m.parsed.subject)).toEqual(['1 more new ticket in your groups']);
      expect(to(mails, anna)[0]!.parsed.text).toContain(`#${ticket} `);
    });

  it('mails every new ticket at once when the window is 0', async () => {
    const direct = await startNotificationRig(dialect, { agentDigestSeconds: 0 });
    try {
      const ids: number[] = [];
      for (const subject of ['VPN down', 'VPN still down']) {
        const created = await direct.requester.client.post('/api/v1/tickets', { subject, body: 'No connection.' });
        expect(created.status).toBe(201);
        ids.push(created.body.id);
      }
      const mails = await direct.deliver();
      expect(
        to(mails, direct.anna)
          .map((m) => m.parsed.subject)
          .sort(),
      ).toEqual([`[#${ids[0]}] VPN down`, `[#${ids[1]}] VPN still down`].sort());
      expect(await direct.t.db.handle.db.selectFrom('jobs').select('id').where('kind', '=', AGENT_DIGEST_JOB).execute()).toEqual([]);
    } finally {
      await direct.close();
    }
  });
});

describe('the digest mail', () => {
  const tickets = [
    { id: 41, subject: 'Drucker <druckt> nicht', status: 'new', groupName: 'Service Desk', url: 'https://help.example.com/agent/tickets/41' },
    { id: 42, subject: 'VPN trennt', status: 'resolved', groupName: 'Netzwerk', url: 'https://help.example.com/agent/tickets/42' },
  ];

  it('lists each ticket with its group, marks those already done, counts the rest and escapes subjects in HTML', () => {
    const de = renderDigest('de', { recipientName: 'Bernd', tickets, more: 3, queueUrl: 'https://help.example.com/agent' });
    expect(de.subject).toBe('5 weitere neue Tickets in Ihren Gruppen');
    expect(de.text).toContain('#41 Drucker <druckt> nicht (Gruppe Service Desk)\n  https://help.example.com/agent/tickets/41');
    expect(de.text).toContain('#42 VPN trennt (Gruppe Netzwerk, bereits erledigt)');
    expect(de.text).toContain('… und 3 weitere.');
    expect(de.html).toContain('Drucker &lt;druckt&gt; nicht');
    expect(de.html).not.toContain('<druckt>');
    const en = renderDigest('en', { recipientName: 'Anna', tickets: tickets.slice(0, 1), more: 0, queueUrl: 'https://help.example.com/agent' });
    expect(en.subject).toBe('1 more new ticket in your groups');
    expect(en.text).not.toContain('more.');
  });
});
