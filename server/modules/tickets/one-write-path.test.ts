import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { intakeOptions } from '../mail/process-inbound-mail.ts';
import { type Intake, rawMail, startIntake } from '../mail/test/intake-harness.ts';

/**
 * One write path: the same change made through the API (token), the portal (session) and mail
 * leaves the same history and the same domain events; only the channel differs.
 */
describe.each(DIALECTS)('one write path for every channel on %s', (dialect) => {
  let t: TestApp;
  let intake: Intake;
  let agent: TestUser;
  let requester: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = await t.user({ role: 'agent', name: 'Anna Agent' });
    requester = await t.user({ role: 'customer', name: 'Petra Meier', email: 'petra.meier@kunde.example', password: 'petra-password-1' });
    // Sender trust has its own tests (mail/sender-trust.test.ts); here only the write path counts.
    const defaults = intakeOptions({ ...t.config, mailFrom: 'x <x@example.com>', smtpRecipients: [] });
    intake = await startIntake(t, { trust: { ...defaults.trust, trust: 'none' } });
  });
  afterAll(async () => {
    await intake.close();
    await t.close();
  });

  const db = () => t.db.handle.db;

  /** A ticket of Petra's that an agent set to pending (waiting for her answer). */
  async function waitingTicket(subject: string): Promise<number> {
    const created = await requester.client.post('/api/v1/tickets', { subject, body: 'Der Drucker im 2. Stock druckt nicht.' });
    expect(created.status).toBe(201);
    const pending = await agent.client.patch(`/api/v1/tickets/${created.body.id}`, { version: created.body.version, status: 'pending' });
    expect(pending.status).toBe(200);
    return created.body.id as number;
  }

  /** What the change left behind, without ids and times: history entries and domain events after `afterEventId`. */
  async function traces(ticketId: number, afterEventId: number) {
    const history = await db()
      .selectFrom('ticket_events')
      .select(['kind', 'field', 'old_value', 'new_value', 'actor_id', 'internal'])
      .where('ticket_id', '=', ticketId)
      .where('kind', '!=', 'created')
      .orderBy('id')
      .execute();
    const events = await db().selectFrom('domain_events').select(['type', 'actor_id', 'payload']).where('aggregate_id', '=', ticketId).where('id', '>', afterEventId).orderBy('id').execute();
    return {
      // Message ids differ per ticket; the entry says which message, by kind.
      history: history.map((h) => ({ ...h, new_value: h.kind === 'message' || h.kind === 'note' ? 'message id' : h.new_value })),
      events: events.map((e) => {
        const { messageId, channel, ...payload } = JSON.parse(e.payload) as { messageId?: number; channel?: string };
        return { type: e.type, actorId: e.actor_id, payload, hasMessage: typeof messageId === 'number', channel };
      }),
    };
  }
  const lastEventId = async () => (await db().selectFrom('domain_events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id;

  it('records the same history and events for a requester reply by API, portal and mail', async () => {
    const byApi = await waitingTicket('Drucker API');
    const byPortal = await waitingTicket('Drucker Portal');
    const byMail = await waitingTicket('Drucker Mail');
    await intake.drain();

    const answer = 'Danke, jetzt geht es wieder.';
    let mark = await lastEventId();
    expect((await requester.client.post(`/api/v1/tickets/${byApi}/messages`, { body: answer })).status).toBe(201);
    const apiTraces = await traces(byApi, mark);

    mark = await lastEventId();
    const portal = await t.login(requester.email, 'petra-password-1');
    expect((await portal.post(`/api/v1/tickets/${byPortal}/messages`, { body: answer })).status).toBe(201);
    const portalTraces = await traces(byPortal, mark);

    mark = await lastEventId();
    await intake.deliver(rawMail({ Subject: `Re: [#${byMail}] Drucker Mail`, 'Message-ID': `<answer-${dialect}@kunde.example>` }, answer));
    await intake.drain();
    const mailTraces = await traces(byMail, mark);

    // The reply brought each waiting ticket back to the agents, in the same words everywhere.
    expect(apiTraces.history.slice(-2)).toEqual([
      { kind: 'message', field: null, old_value: null, new_value: 'message id', actor_id: requester.id, internal: 0 },
      { kind: 'changed', field: 'status', old_value: 'pending', new_value: 'open', actor_id: requester.id, internal: 0 },
    ]);
    expect(portalTraces.history).toEqual(apiTraces.history);
    expect(mailTraces.history).toEqual(apiTraces.history);

    const expected = (channel: string) => [
      {
        type: 'message.added',
        actorId: requester.id,
        payload: {
          scope: { groupId: expect.any(Number), requesterId: requester.id, organisationId: null },
          internal: false,
          automatic: false,
          byAgent: false,
          changes: [{ field: 'status', from: 'pending', to: 'open' }],
        },
        hasMessage: true,
        channel,
      },
    ];
    expect(apiTraces.events).toEqual(expected('api'));
    expect(portalTraces.events).toEqual(expected('web'));
    expect(mailTraces.events).toEqual(expected('email'));
    for (const id of [byApi, byPortal, byMail]) expect((await db().selectFrom('tickets').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('open');
  });

  it('applies the same reopen rule to a closed ticket by portal and by mail', async () => {
    const recent = await waitingTicket('Kürzlich geschlossen');
    const old = await waitingTicket('Lange geschlossen');
    const closedAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    await db()
      .updateTable('tickets')
      .set({ status: 'closed', closed_at: closedAgo(2) })
      .where('id', '=', recent)
      .execute();
    await db()
      .updateTable('tickets')
      .set({ status: 'closed', closed_at: closedAgo(60) })
      .where('id', '=', old)
      .execute();

    // Within the reopen window a reply reopens, in the portal as by mail.
    expect((await requester.client.post(`/api/v1/tickets/${recent}/messages`, { body: 'Leider wieder kaputt.' })).status).toBe(201);
    expect((await db().selectFrom('tickets').select('status').where('id', '=', recent).executeTakeFirstOrThrow()).status).toBe('open');

    // Long closed: the portal refuses (409), and mail starts a new ticket linked to the old one.
    const refused = await requester.client.post(`/api/v1/tickets/${old}/messages`, { body: 'Leider wieder kaputt.' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(`#${old}`);
    const reopen = await requester.client.patch(`/api/v1/tickets/${old}`, { version: (await requester.client.get(`/api/v1/tickets/${old}`)).body.version, status: 'open' });
    expect(reopen.status).toBe(409);
    await intake.deliver(rawMail({ Subject: `Re: [#${old}] Lange geschlossen`, 'Message-ID': `<late-${dialect}@kunde.example>` }, 'Leider wieder kaputt.'));
    await intake.drain();
    const late = (await intake.inbound(`<late-${dialect}@kunde.example>`))!;
    expect(late, `verification: ${late.auth_results} / ${late.failure_reason}`).toMatchObject({ outcome: 'new_linked_ticket' });
    expect((await db().selectFrom('tickets').select('status').where('id', '=', old).executeTakeFirstOrThrow()).status).toBe('closed');
  });
});
