import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { SEND_MAIL_JOB, type OutgoingMail } from '../mail/outgoing-mail.ts';
import { checkSlaClock } from '../sla/check-sla-clock.ts';
import { intakeOptions, processInboundMail } from '../mail/process-inbound-mail.ts';
import { storeInboundMail } from '../mail/store-inbound-mail.ts';
import { fakeDns } from '../mail/test/fake-dns.ts';
import { rawMail } from '../mail/test/intake-harness.ts';

/**
 * Triggers as an admin sets them up and requesters meet them: a printer trigger routes tickets
 * opened over the API and by mail (history names "Automation"), a trigger whose action matches
 * its own condition fires once, two triggers feeding on each other stop, and the API refuses
 * broken triggers with sentences. Events are dispatched by hand (drain).
 */
describe.each(DIALECTS)('triggers on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let customer: TestUser;
  let printers: number;
  let serviceDesk: number;
  const db = () => t.db.handle.db;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    // The triggers subscriber starts at "now": let it see the (empty) outbox first.
    await t.dispatcher.drain();
    const groups = (await t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number; level: string }>;
    serviceDesk = groups.find((g) => g.level === '1')!.id;
    printers = await t.group('Druckerteam', 'specialist');
    agent = await t.user({ role: 'agent', name: 'Erika Erstlevel', groupIds: [serviceDesk, printers] });
    customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
  });
  afterAll(() => t.close());

  const mails = async () => (await db().selectFrom('jobs').select('payload').where('kind', '=', SEND_MAIL_JOB).orderBy('id').execute()).map((j) => JSON.parse(j.payload) as OutgoingMail);
  const history = async (ticketId: number) =>
    (await agent.client.get(`/api/v1/tickets/${ticketId}/history`)).body.items as Array<{ kind: string; field: string | null; newValue: string | null; actor: { name: string } | null }>;

  it('routes printer tickets opened over the API and by mail, as "Automation"', async () => {
    const created = await t.admin.client.post('/api/v1/admin/triggers', {
      name: 'Drucker → Druckerteam',
      events: ['created'],
      conditions: [{ field: 'subject', operator: 'contains', value: 'Drucker' }],
      actions: [
        { type: 'set_group', groupId: printers },
        { type: 'set_priority', value: 'high' },
        { type: 'add_note', body: 'Automatisch dem Druckerteam zugeordnet (#{{ticket.number}}, {{requester.name}}).' },
        {
          type: 'send_mail',
          to: 'requester',
          subjectDe: 'Ihr Druckerproblem {{ticket.number}}',
          bodyDe: 'Guten Tag {{requester.name}},\n\ndas Druckerteam kümmert sich um „{{ticket.subject}}“.',
          subjectEn: 'Your printer problem {{ticket.number}}',
          bodyEn: 'Hello {{requester.name}},\n\nthe printer team is on "{{ticket.subject}}".',
        },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ position: 1, active: true, match: 'all', events: ['created'] });

    // Over the API, in capitals with an umlaut spelled out: still "Drucker".
    const viaApi = await customer.client.post('/api/v1/tickets', { subject: 'DRUCKER im 2. Stock streikt', body: 'Seit heute früh kommt nichts mehr heraus.' });
    expect(viaApi.status).toBe(201);
    const other = await customer.client.post('/api/v1/tickets', { subject: 'Monitor flackert', body: 'Das Bild flackert.' });
    await t.dispatcher.drain();

    const routed = (await agent.client.get(`/api/v1/tickets/${viaApi.body.id}`)).body;
    expect(routed).toMatchObject({ group: { id: printers }, priority: 'high' });
    expect((await agent.client.get(`/api/v1/tickets/${other.body.id}`)).body).toMatchObject({ group: { id: serviceDesk }, priority: 'normal' });
    const entries = await history(viaApi.body.id);
    expect(entries.filter((e) => e.actor?.name === 'Automation').map((e) => [e.kind, e.field])).toEqual(
      expect.arrayContaining([
        ['changed', 'group'],
        ['changed', 'priority'],
        ['note', null],
      ]),
    );
    const messages = (await agent.client.get(`/api/v1/tickets/${viaApi.body.id}/messages`)).body.items as Array<{ body: string; internal: boolean; author: { name: string } }>;
    expect(messages.at(-1)).toMatchObject({ internal: true, body: `Automatisch dem Druckerteam zugeordnet (#${viaApi.body.id}, Karl Kunde).`, author: { name: 'Automation' } });
    // The requester never sees the note, but gets the trigger's mail in German.
    const seen = (await customer.client.get(`/api/v1/tickets/${viaApi.body.id}/messages`)).body.items as Array<{ internal: boolean }>;
    expect(seen.some((m) => m.internal)).toBe(false);
    const triggerMail = (await mails()).find((m) => m.to === customer.email && m.subject.includes('Druckerproblem'));
    expect(triggerMail).toMatchObject({ subject: `[#${viaApi.body.id}] Ihr Druckerproblem ${viaApi.body.id}`, ticketId: viaApi.body.id });
    expect(triggerMail!.text).toContain('das Druckerteam kümmert sich um „DRUCKER im 2. Stock streikt“.');

    // By mail: the same rule, the same result.
    const raw = Buffer.from(rawMail({ Subject: 'Drücker druckt nur noch Streifen', 'Message-ID': '<streifen-1@kunde.example>' }, 'Bitte um Hilfe.'));
    const stored = await storeInboundMail(db(), t.dialect, raw, { source: 'api' });
    if (!stored.stored) throw new Error('not stored');
    const options = intakeOptions(t.config);
    expect(await processInboundMail(db(), stored.id, { ...options, trust: { ...options.trust, resolver: fakeDns().resolver } })).toBe('new_ticket');
    await t.dispatcher.drain();
    const byMail = await db().selectFrom('inbound_mails').select('ticket_id').where('id', '=', stored.id).executeTakeFirstOrThrow();
    const mailed = (await agent.client.get(`/api/v1/tickets/${byMail.ticket_id}`)).body;
    expect(mailed).toMatchObject({ channel: 'email', group: { id: printers }, priority: 'high' });
    expect((await history(byMail.ticket_id!)).some((e) => e.actor?.name === 'Automation' && e.field === 'group')).toBe(true);

    // Switched off, it does nothing.
    expect((await t.admin.client.patch(`/api/v1/admin/triggers/${created.body.id}`, { active: false })).body.active).toBe(false);
    const later = await customer.client.post('/api/v1/tickets', { subject: 'Drucker schon wieder', body: 'Immer noch.' });
    await t.dispatcher.drain();
    expect((await agent.client.get(`/api/v1/tickets/${later.body.id}`)).body.group.id).toBe(serviceDesk);
  });

  it('fires a trigger once although its own change matches its condition', async () => {
    const vip = await t.admin.client.post('/api/v1/admin/triggers', {
      name: 'Hohe Priorität beobachten',
      events: ['updated'],
      conditions: [{ field: 'priority', operator: 'is', value: ['high', 'urgent'] }],
      actions: [
        { type: 'set_status', value: 'open' },
        { type: 'add_tag', tag: 'Beobachtet' },
        { type: 'send_mail', to: 'group', subjectDe: 'Hohe Priorität: {{ticket.subject}}', bodyDe: 'Bitte ansehen.', subjectEn: 'High priority: {{ticket.subject}}', bodyEn: 'Please look.' },
      ],
    });
    expect(vip.status).toBe(201);
    const ticket = await agent.client.post('/api/v1/tickets', { subject: 'Server langsam', body: 'Alles hängt.', requesterEmail: customer.email });
    await t.dispatcher.drain();
    const before = (await mails()).length;
    expect((await agent.client.patch(`/api/v1/tickets/${ticket.body.id}`, { version: ticket.body.version, priority: 'high' })).status).toBe(200);
    await t.dispatcher.drain();

    // The trigger's change (status, tag) is itself an update of a high-priority ticket: it must not fire again.
    const after = (await agent.client.get(`/api/v1/tickets/${ticket.body.id}`)).body;
    expect(after).toMatchObject({ status: 'open', tags: ['beobachtet'] });
    const watchMails = (await mails()).slice(before).filter((m) => m.subject.includes('Hohe Priorität: Server langsam'));
    // One mail to each agent of the group (the administrator is in it too), not two.
    expect(watchMails.map((m) => m.to).sort()).toEqual([agent.email, t.admin.email].sort());
    expect((await history(ticket.body.id)).filter((e) => e.actor?.name === 'Automation').map((e) => e.field)).toEqual(['status', 'tags']);
    expect((await t.admin.client.delete(`/api/v1/admin/triggers/${vip.body.id}`)).status).toBe(204);
  });

  it('stops two triggers that undo each other', async () => {
    const up = await t.admin.client.post('/api/v1/admin/triggers', {
      name: 'Ping',
      events: ['updated'],
      conditions: [
        { field: 'tag', operator: 'contains', value: 'pingpong' },
        { field: 'priority', operator: 'is', value: ['low'] },
      ],
      actions: [{ type: 'set_priority', value: 'urgent' }],
    });
    const down = await t.admin.client.post('/api/v1/admin/triggers', {
      name: 'Pong',
      events: ['updated'],
      conditions: [
        { field: 'tag', operator: 'contains', value: 'pingpong' },
        { field: 'priority', operator: 'is', value: ['urgent'] },
      ],
      actions: [{ type: 'set_priority', value: 'low' }],
    });
    expect([up.status, down.status]).toEqual([201, 201]);
    const ticket = await agent.client.post('/api/v1/tickets', { subject: 'Hin und her', body: 'Test.', requesterEmail: customer.email });
    await t.dispatcher.drain();
    await agent.client.patch(`/api/v1/tickets/${ticket.body.id}`, { version: ticket.body.version, priority: 'low', tags: ['pingpong'] });
    await t.dispatcher.drain();

    // Agent: normal → low; Ping: low → urgent; Pong: urgent → low; then neither fires again.
    const changes = (await history(ticket.body.id)).filter((e) => e.field === 'priority').map((e) => [e.actor?.name, e.newValue]);
    expect(changes).toEqual([
      ['Erika Erstlevel', 'low'],
      ['Automation', 'urgent'],
      ['Automation', 'low'],
    ]);
    const last = await db().selectFrom('domain_events').select('cause').where('aggregate_id', '=', ticket.body.id).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(JSON.parse(last.cause!)).toEqual({ triggerChain: [up.body.id, down.body.id], depth: 2 });
    for (const id of [up.body.id, down.body.id]) await t.admin.client.delete(`/api/v1/admin/triggers/${id}`);
  });

  it('reacts to an SLA breach and to an escalation', async () => {
    const allDay = ['00:00', '24:00'];
    const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [allDay]]));
    const calendar = await t.admin.client.post('/api/v1/admin/calendars', { name: '24/7', timeZone: 'Europe/Berlin', hours });
    const policy = await t.admin.client.post('/api/v1/admin/sla-policies', { name: 'Schnell', calendarId: calendar.body.id, firstResponseMinutes: 30, resolutionMinutes: 240 });
    expect(policy.status).toBe(201);
    const onBreach = await t.admin.client.post('/api/v1/admin/triggers', {
      name: 'SLA verletzt → dringend und eskalieren',
      events: ['sla_breached'],
      actions: [
        { type: 'set_priority', value: 'urgent' },
        { type: 'escalate', reason: 'Erste Antwort überfällig.' },
      ],
    });
    const onEscalated = await t.admin.client.post('/api/v1/admin/triggers', {
      name: 'Eskaliert → Notiz',
      events: ['escalated'],
      conditions: [{ field: 'level', operator: 'is', value: ['2'] }],
      actions: [{ type: 'add_note', body: 'Jetzt bei {{ticket.group}}.' }],
    });
    const ticket = await customer.client.post('/api/v1/tickets', { subject: 'VPN geht nicht', body: 'Keine Verbindung.' });
    await t.dispatcher.drain();
    const created = Date.parse((await agent.client.get(`/api/v1/tickets/${ticket.body.id}`)).body.createdAt as string);
    expect((await checkSlaClock(db(), ticket.body.id, new Date(created + 31 * 60_000))).breaches).toEqual(['first_response']);
    await t.dispatcher.drain();

    // Escalated to 2nd level: out of the agent's groups, so the administrator looks.
    const after = (await t.admin.client.get(`/api/v1/tickets/${ticket.body.id}`)).body;
    expect(after).toMatchObject({ priority: 'urgent', level: '2' });
    const messages = (await t.admin.client.get(`/api/v1/tickets/${ticket.body.id}/messages`)).body.items as Array<{ body: string; author: { name: string } }>;
    expect(messages.at(-1)).toMatchObject({ body: `Jetzt bei ${after.group.name}.`, author: { name: 'Automation' } });
    const escalation = ((await t.admin.client.get(`/api/v1/tickets/${ticket.body.id}/history`)).body.items as Array<{ kind: string; actor: { name: string } | null }>).find(
      (e) => e.kind === 'escalated',
    );
    expect(escalation?.actor?.name).toBe('Automation');
    for (const id of [onBreach.body.id, onEscalated.body.id]) await t.admin.client.delete(`/api/v1/admin/triggers/${id}`);
    await t.admin.client.delete(`/api/v1/admin/sla-policies/${policy.body.id}`);
  });

  it('keeps triggers in order and refuses broken ones with sentences', async () => {
    const a = await t.admin.client.post('/api/v1/admin/triggers', { name: 'A', events: ['requester_replied'], actions: [{ type: 'set_status', value: 'open' }] });
    const b = await t.admin.client.post('/api/v1/admin/triggers', { name: 'B', events: ['sla_breached'], match: 'any', actions: [{ type: 'escalate', reason: 'SLA verletzt' }] });
    expect((await t.admin.client.patch(`/api/v1/admin/triggers/${b.body.id}`, { position: 1 })).status).toBe(200);
    const names = ((await t.admin.client.get('/api/v1/admin/triggers')).body.items as Array<{ name: string }>).map((x) => x.name);
    expect(names.indexOf('B')).toBe(0);
    expect(names.indexOf('A')).toBeGreaterThan(0);

    const refusals: Array<[unknown, RegExp]> = [
      [{ name: 'X', events: [], actions: [{ type: 'set_status', value: 'open' }] }, /at least one event/],
      [{ name: 'X', events: ['created'], actions: [] }, /at least one action/],
      [{ name: 'X', events: ['exploded'], actions: [{ type: 'set_status', value: 'open' }] }, /Unknown event/],
      [{ name: 'X', events: ['created'], actions: [{ type: 'set_group', groupId: 999999 }] }, /Group 999999 does not exist/],
      [{ name: 'X', events: ['created'], actions: [{ type: 'launch_rocket' }] }, /Not an action/],
      [{ name: 'X', events: ['created'], conditions: [{ field: 'mood', operator: 'is', value: 'bad' }], actions: [{ type: 'set_status', value: 'open' }] }, /Not a condition/],
      [{ name: 'X', events: ['created'], conditions: [{ field: 'category', operator: 'is' }], actions: [{ type: 'set_status', value: 'open' }] }, /Choose at least one/],
      [{ name: 'X', events: ['created'], actions: [{ type: 'send_mail', to: 'requester', subjectDe: 'a', bodyDe: 'b', subjectEn: 'c' }] }, /Enter a text|expected string/i],
      [{ name: ' ', events: ['created'], actions: [{ type: 'set_status', value: 'open' }] }, /Enter a name/],
    ];
    for (const [body, message] of refusals) {
      const res = await t.admin.client.post('/api/v1/admin/triggers', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error), JSON.stringify(body)).toMatch(message);
    }
    expect((await agent.client.post('/api/v1/admin/triggers', { name: 'Y', events: ['created'], actions: [{ type: 'set_status', value: 'open' }] })).status).toBe(403);
    expect((await agent.client.get('/api/v1/admin/triggers')).status).toBe(403);
    expect((await t.admin.client.get('/api/v1/admin/triggers/999999')).status).toBe(404);
    expect((await t.admin.client.patch('/api/v1/admin/triggers/abc', { active: false })).status).toBe(400);

    for (const id of [a.body.id, b.body.id]) await t.admin.client.delete(`/api/v1/admin/triggers/${id}`);
    const audit = (await t.admin.client.get('/api/v1/admin/audit-log')).body.items as Array<{ action: string }>;
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['trigger.created', 'trigger.changed', 'trigger.deleted']));
  });
});
