import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/auth.queries.ts';
import type { LiveEvent } from '../../platform/events/event-bus.ts';
import { mayReceive, presentLiveEvent } from './live-filter.ts';

const actor = (over: Partial<Actor>): Actor => ({
  id: 1,
  email: 'x@example.test',
  name: 'X',
  role: 'customer',
  locale: 'de',
  timeZone: 'Europe/Berlin',
  organisationId: null,
  groupIds: [],
  emailVerified: true,
  mustChangePassword: false,
  csrfToken: null,
  via: 'token',
  ...over,
});
const event = (over: Partial<LiveEvent>): LiveEvent => ({ type: 'ticket.updated', ticketId: 7, groupId: 10, requesterId: 1, organisationId: 5, agentsOnly: false, actorId: 2, ...over });

// Pure logic: no database involved, so no run per dialect.
describe('who receives a live event', () => {
  it('gives admins everything and agents their groups, including a ticket that just left them', () => {
    expect(mayReceive({ actor: actor({ role: 'admin' }), organisationShares: false }, event({ agentsOnly: true, groupId: 99 }))).toBe(true);
    const agent = { actor: actor({ id: 3, role: 'agent', groupIds: [10, 11] }), organisationShares: false };
    expect(mayReceive(agent, event({ agentsOnly: true }))).toBe(true);
    expect(mayReceive(agent, event({ groupId: 12 }))).toBe(false);
    expect(mayReceive(agent, event({ groupId: 12, data: { groupIdBefore: 11 } }))).toBe(true);
    expect(mayReceive(agent, event({ groupId: 12, data: { groupIdBefore: '11' } }))).toBe(false);
    // Followers (they escalated the ticket out of their groups) receive its events, notes included.
    expect(mayReceive(agent, event({ groupId: 12, agentsOnly: true, followerIds: [3] }))).toBe(true);
    expect(mayReceive(agent, event({ groupId: 12, followerIds: [4] }))).toBe(false);
    // A customer is never a follower, whatever an event says.
    expect(mayReceive({ actor: actor({ id: 3, role: 'customer' }), organisationShares: false }, event({ requesterId: 9, followerIds: [3] }))).toBe(false);
  });

  it('gives customers public events of their own tickets, and their shared organisation’s', () => {
    const own = { actor: actor({ id: 1, organisationId: 5 }), organisationShares: false };
    expect(mayReceive(own, event({}))).toBe(true);
    expect(mayReceive(own, event({ agentsOnly: true }))).toBe(false);
    expect(mayReceive(own, event({ type: 'presence', agentsOnly: true }))).toBe(false);
    expect(mayReceive(own, event({ requesterId: 2 }))).toBe(false);
    const colleague = { actor: actor({ id: 4, organisationId: 5 }), organisationShares: true };
    expect(mayReceive(colleague, event({}))).toBe(true);
    expect(mayReceive(colleague, event({ organisationId: 6 }))).toBe(false);
    expect(mayReceive(colleague, event({ agentsOnly: true }))).toBe(false);
    expect(mayReceive({ actor: actor({ id: 4, organisationId: null }), organisationShares: true }, event({ organisationId: null }))).toBe(false);
  });

  it('sends only type, ticket, actor and data', () => {
    expect(presentLiveEvent(event({ data: { messageId: 3 } }))).toEqual({ type: 'ticket.updated', ticketId: 7, actorId: 2, data: { messageId: 3 } });
  });
});
