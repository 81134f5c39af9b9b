import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';

interface SseEvent {
  event: string;
  data: { type: string; ticketId: number; actorId: number | null; data: Record<string, unknown> };
}

/** A real streaming HTTP connection to GET /api/v1/events that collects what arrives. */
class EventStream {
  readonly events: SseEvent[] = [];
  heartbeats = 0;
  ended = false;
  raw = '';
  status = 0;
  contentType = '';
  private readonly abort = new AbortController();
  private waiters: Array<() => void> = [];

  static async open(baseUrl: string, headers: Record<string, string>): Promise<EventStream> {
    const stream = new EventStream();
    const res = await fetch(`${baseUrl}/api/v1/events`, { headers, signal: stream.abort.signal });
    stream.status = res.status;
    stream.contentType = res.headers.get('content-type') ?? '';
    if (res.ok && res.body) void stream.pump(res.body.getReader());
    else stream.raw = await res.text();
    return stream;
  }

  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          this.ended = true;
          for (const wake of this.waiters.splice(0)) wake();
          return;
        }
        this.raw += decoder.decode(value, { stream: true });
        const blocks = this.raw.split('\n\n');
        this.raw = blocks.pop() ?? '';
        for (const block of blocks) {
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) this.events.push({ event, data: JSON.parse(data) as SseEvent['data'] });
          if (block.startsWith(': heartbeat')) this.heartbeats += 1;
          if (block.startsWith('retry:')) this.events.push({ event: 'retry', data: { type: block, ticketId: 0, actorId: null, data: {} } });
        }
        for (const wake of this.waiters.splice(0)) wake();
      }
    } catch {
      // aborted by close()
    }
  }

  /** Waits until an event matching `predicate` has arrived (fails after a generous bound). */
  async waitFor(predicate: (e: SseEvent) => boolean, what: string): Promise<SseEvent> {
    let found: SseEvent | undefined;
    await this.until(() => (found = this.events.find(predicate)) !== undefined, `event ${what}; got ${JSON.stringify(this.events)}`);
    return found!;
  }

  async until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`waited in vain for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  close(): void {
    this.abort.abort();
  }
}

describe.each(DIALECTS)('live events over SSE on %s', (dialect) => {
  let t: TestApp;
  let baseUrl: string;
  let agent: TestUser;
  let networkAgent: TestUser;
  let customer: TestUser;
  let stranger: TestUser;
  let network: number;
  const tokenOf = (u: TestUser) => (u.client as unknown as { auth: { token: string } }).auth.token;
  const bearer = (u: TestUser) => ({ authorization: `Bearer ${tokenOf(u)}` });

  beforeAll(async () => {
    // Short heartbeats, so that the test sees them and the re-check of the sign-in.
    t = await createTestApp(dialect, { sseHeartbeatMs: 100 });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    network = await t.group('Netzwerk', 'specialist');
    agent = await t.user({ role: 'agent', name: 'Anna Agent', password: 'agent-password-1' });
    networkAgent = await t.user({ role: 'agent', name: 'Nils Netzwerk', groupIds: [network] });
    customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
    stranger = await t.user({ role: 'customer', name: 'Fremde Person' });
  });
  afterAll(() => t.close());

  it('removes its listener when the browser goes away', async () => {
    const listeners = () => (t.deps.events as unknown as { emitter: { listenerCount(name: string): number } }).emitter.listenerCount('event');
    const before = listeners();
    const stream = await EventStream.open(baseUrl, bearer(agent));
    await stream.waitFor((e) => e.event === 'retry', 'retry');
    expect(listeners()).toBe(before + 1);
    stream.close();
    for (let i = 0; i < 100 && listeners() !== before; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(listeners()).toBe(before);
  });

  it('sends heartbeats and ends the stream when the session ends', async () => {
    const client = await t.login(agent.email, 'agent-password-1');
    const cookie = (client as unknown as { auth: { cookie: string } }).auth.cookie;
    const stream = await EventStream.open(baseUrl, { cookie });
    try {
      await stream.until(() => stream.heartbeats >= 2, 'two heartbeats');
      expect(stream.ended).toBe(false);
      expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
      await stream.until(() => stream.ended, 'the end of the stream');
    } finally {
      stream.close();
    }
  });

  it('refuses anonymous callers', async () => {
    const stream = await EventStream.open(baseUrl, {});
    expect(stream.status).toBe(401);
    expect(JSON.parse(stream.raw)).toMatchObject({ error: { code: 'not_signed_in' } });
  });

  it('streams ticket.created to the agents of the ticket group only', async () => {
    const serviceDesk = await EventStream.open(baseUrl, bearer(agent));
    const specialists = await EventStream.open(baseUrl, bearer(networkAgent));
    try {
      expect(serviceDesk.status).toBe(200);
      expect(serviceDesk.contentType).toContain('text/event-stream');
      await serviceDesk.waitFor((e) => e.event === 'retry' && e.data.type === 'retry: 3000', 'retry');

      const { body: ticket } = await customer.client.post('/api/v1/tickets', { subject: 'Drucker streikt', body: 'Geheimer Inhalt 4711' });
      const created = await serviceDesk.waitFor((e) => e.event === 'ticket.created' && e.data.ticketId === ticket.id, 'ticket.created');
      expect(created.data).toEqual({ type: 'ticket.created', ticketId: ticket.id, actorId: customer.id, data: {} });

      const { body: networkTicket } = await t.admin.client.post('/api/v1/tickets', { subject: 'Switch defekt', body: 'Port 12', groupId: network });
      await specialists.waitFor((e) => e.data.ticketId === networkTicket.id, 'network ticket.created');
      // Events arrive in order: had the specialists received the service-desk ticket, it would be here by now.
      expect(specialists.events.some((e) => e.data.ticketId === ticket.id)).toBe(false);

      // Escalating to the network group: the old group still hears that it left.
      await agent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: 1, groupId: network });
      const moved = await serviceDesk.waitFor((e) => e.event === 'ticket.updated' && e.data.ticketId === ticket.id, 'ticket.updated');
      expect(moved.data.data).toEqual({ groupIdBefore: ticket.group.id });
      await specialists.waitFor((e) => e.event === 'ticket.updated' && e.data.ticketId === ticket.id, 'ticket.updated for new group');
    } finally {
      serviceDesk.close();
      specialists.close();
    }
  });

  it('keeps an escalating agent informed about the ticket they follow, internal notes included', async () => {
    const { body: ticket } = await customer.client.post('/api/v1/tickets', { subject: 'WLAN im Lager', body: 'Kein Empfang' });
    const escalated = await agent.client.post(`/api/v1/tickets/${ticket.id}/escalate`, { reason: 'Access Point defekt', groupId: network });
    expect(escalated.status).toBe(200);
    const follower = await EventStream.open(baseUrl, bearer(agent));
    try {
      await follower.waitFor((e) => e.event === 'retry', 'retry');
      // The ticket is in the network group now; the agent is no member there but follows it.
      const note = await networkAgent.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'AP wird getauscht', internal: true });
      expect(note.status).toBe(201);
      await follower.waitFor((e) => e.event === 'message.created' && e.data.ticketId === ticket.id, 'message.created of a followed ticket');
      const current = (await networkAgent.client.get(`/api/v1/tickets/${ticket.id}`)).body;
      await networkAgent.client.patch(`/api/v1/tickets/${ticket.id}`, { version: current.version, status: 'resolved' });
      await follower.waitFor((e) => e.event === 'ticket.updated' && e.data.ticketId === ticket.id, 'ticket.updated of a followed ticket');
      // A ticket of the network group the agent does not follow stays invisible.
      const { body: other } = await t.admin.client.post('/api/v1/tickets', { subject: 'Router', body: 'blinkt', groupId: network });
      const marker = await customer.client.post('/api/v1/tickets', { subject: 'Marker', body: 'x' });
      await follower.waitFor((e) => e.event === 'ticket.created' && e.data.ticketId === marker.body.id, 'marker');
      expect(follower.events.some((e) => e.data.ticketId === other.id)).toBe(false);
    } finally {
      follower.close();
    }
  });

  it('works with a session cookie too', async () => {
    const client = await t.login(agent.email, 'agent-password-1');
    const cookie = (client as unknown as { auth: { cookie: string } }).auth.cookie;
    const stream = await EventStream.open(baseUrl, { cookie });
    try {
      expect(stream.status).toBe(200);
      const { body: ticket } = await customer.client.post('/api/v1/tickets', { subject: 'Cookie', body: 'x' });
      await stream.waitFor((e) => e.data.ticketId === ticket.id, 'ticket.created by cookie');
    } finally {
      stream.close();
    }
  });

  it('gives a customer only public events of their own tickets, never internal notes or presence', async () => {
    const { body: own } = await customer.client.post('/api/v1/tickets', { subject: 'Mein Laptop', body: 'startet nicht' });
    const stream = await EventStream.open(baseUrl, bearer(customer));
    try {
      expect(stream.status).toBe(200);
      const { body: foreign } = await stranger.client.post('/api/v1/tickets', { subject: 'Fremdes Ticket', body: 'nicht für Karl' });
      await t.admin.client.patch(`/api/v1/tickets/${foreign.id}`, { version: 1, priority: 'high' });
      expect((await agent.client.post(`/api/v1/tickets/${own.id}/presence`, { state: 'typing' })).status).toBe(200);
      const note = await agent.client.post(`/api/v1/tickets/${own.id}/messages`, { body: 'Intern: Akku tauschen', internal: true });
      const reply = await agent.client.post(`/api/v1/tickets/${own.id}/messages`, { body: 'Wir kümmern uns darum.' });
      const seen = await stream.waitFor((e) => e.event === 'message.created' && e.data.data.messageId === reply.body.id, 'public reply');
      expect(seen.data).toEqual({ type: 'message.created', ticketId: own.id, actorId: agent.id, data: { messageId: reply.body.id } });

      const received = stream.events.filter((e) => e.event !== 'retry');
      expect(received.every((e) => e.data.ticketId === own.id)).toBe(true);
      expect(received.some((e) => e.data.data.messageId === note.body.id)).toBe(false);
      expect(received.some((e) => e.event === 'presence')).toBe(false);
      expect(JSON.stringify(received)).not.toContain('Akku');
      expect(JSON.stringify(received)).not.toContain('kümmern');
    } finally {
      stream.close();
    }
  });

  it('delivers shared organisation tickets to colleagues, but not unshared ones', async () => {
    const shared = await t.organisation('Teilt GmbH', { sharesTickets: true });
    const closed = await t.organisation('Schweigt AG');
    const alice = await t.user({ role: 'customer', organisationId: shared });
    const bob = await t.user({ role: 'customer', organisationId: shared });
    const carol = await t.user({ role: 'customer', organisationId: closed });
    const dave = await t.user({ role: 'customer', organisationId: closed });
    const bobStream = await EventStream.open(baseUrl, bearer(bob));
    const daveStream = await EventStream.open(baseUrl, bearer(dave));
    try {
      const { body: carolTicket } = await carol.client.post('/api/v1/tickets', { subject: 'Carol', body: 'x' });
      const { body: aliceTicket } = await alice.client.post('/api/v1/tickets', { subject: 'Alice', body: 'x' });
      await bobStream.waitFor((e) => e.data.ticketId === aliceTicket.id, 'colleague ticket');
      const { body: daveTicket } = await dave.client.post('/api/v1/tickets', { subject: 'Dave', body: 'x' });
      await daveStream.waitFor((e) => e.data.ticketId === daveTicket.id, 'own ticket');
      expect(daveStream.events.some((e) => e.data.ticketId === carolTicket.id)).toBe(false);
    } finally {
      bobStream.close();
      daveStream.close();
    }
  });

  it("stops delivering colleagues' tickets once the organisation stops sharing them", async () => {
    const org = await t.organisation('Teilt bald nicht mehr GmbH', { sharesTickets: true });
    const alice = await t.user({ role: 'customer', organisationId: org });
    const bob = await t.user({ role: 'customer', organisationId: org });
    const bobStream = await EventStream.open(baseUrl, bearer(bob));
    try {
      const { body: before } = await alice.client.post('/api/v1/tickets', { subject: 'Noch geteilt', body: 'x' });
      await bobStream.waitFor((e) => e.data.ticketId === before.id, 'shared colleague ticket');
      expect((await t.admin.client.patch(`/api/v1/organisations/${org}`, { sharesTickets: false })).status).toBe(200);
      // The next heartbeats re-read the organisation.
      const seen = bobStream.heartbeats;
      await bobStream.until(() => bobStream.heartbeats >= seen + 3, 'heartbeats after the change');
      const { body: after } = await alice.client.post('/api/v1/tickets', { subject: 'Nicht mehr geteilt', body: 'x' });
      const { body: own } = await bob.client.post('/api/v1/tickets', { subject: 'Eigenes', body: 'x' });
      await bobStream.waitFor((e) => e.data.ticketId === own.id, 'own ticket');
      expect(bobStream.events.some((e) => e.data.ticketId === after.id)).toBe(false);
      expect((await bob.client.get(`/api/v1/tickets/${after.id}`)).status).toBe(404);
    } finally {
      bobStream.close();
    }
  });

  it('allows 10 streams per account; the 11th is a 429 with the error body', async () => {
    const many = await t.user({ role: 'customer', name: 'Viele Tabs' });
    const streams = await Promise.all(Array.from({ length: 10 }, () => EventStream.open(baseUrl, bearer(many))));
    try {
      expect(streams.map((s) => s.status)).toEqual(Array(10).fill(200));
      const eleventh = await EventStream.open(baseUrl, bearer(many));
      expect(eleventh.status).toBe(429);
      expect(JSON.parse(eleventh.raw)).toMatchObject({ error: { code: 'rate_limited', message: expect.stringContaining('10 live connections') } });
      // Another account is not affected, and a closed stream frees its place.
      const other = await EventStream.open(baseUrl, bearer(customer));
      expect(other.status).toBe(200);
      other.close();
      streams.pop()!.close();
      let again: EventStream | undefined;
      for (let i = 0; i < 50; i++) {
        again = await EventStream.open(baseUrl, bearer(many));
        if (again.status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(again!.status).toBe(200);
      streams.push(again!);
    } finally {
      for (const s of streams) s.close();
    }
  });
});
