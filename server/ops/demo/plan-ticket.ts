import { type Channel, type Locale, type TicketPriority, type TicketStatus } from '../../../shared/enums.ts';
import type { DemoDirectory, DemoPerson } from './demo-directory.ts';
import type { DemoRandom } from './demo-random.ts';
import { conversation, ticketOpening } from './demo-text.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface PlannedMessage {
  authorId: number;
  internal: boolean;
  body: string;
  at: number;
}

export interface PlannedEvent {
  actorId: number | null;
  kind: 'created' | 'changed' | 'message' | 'note';
  field?: string;
  oldValue?: string | null;
  newValue?: string | null;
  /** For message and note events: the index of the message in the plan (its id is known later). */
  messageIndex?: number;
  internal: boolean;
  at: number;
}

/** One demo ticket as it should be stored, before ids are assigned. */
export interface PlannedTicket {
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  requesterId: number;
  organisationId: number | null;
  groupId: number;
  assigneeId: number | null;
  categoryId: number;
  channel: Channel;
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  closedAt: number | null;
  version: number;
  tags: string[];
  messages: PlannedMessage[];
  events: PlannedEvent[];
}

/** Older tickets are mostly done; the last days hold the open work. */
function statusForAge(rng: DemoRandom, ageDays: number): TicketStatus {
  if (ageDays < 2) return rng.weighted({ new: 40, open: 40, pending: 15, resolved: 5 });
  if (ageDays < 14) return rng.weighted({ new: 5, open: 35, pending: 20, resolved: 30, closed: 10 });
  return rng.weighted({ closed: 80, resolved: 15, open: 3, pending: 2 });
}

function pickRequester(rng: DemoRandom, dir: DemoDirectory, forCustomers: boolean): DemoPerson {
  const customer = forCustomers ? rng.chance(0.95) : rng.chance(0.1);
  if (customer && dir.customers.length > 0) return rng.chance(0.05) ? dir.featuredCustomer : rng.pick(dir.customers);
  return rng.pick(dir.employees.length > 0 ? dir.employees : dir.customers);
}

/** Plans a realistic ticket created at `createdAt`: conversation, status changes, history. */
export function planTicket(rng: DemoRandom, dir: DemoDirectory, createdAt: number, now: number): PlannedTicket {
  const category = pickCategory(rng, dir);
  const requester = pickRequester(rng, dir, category.forCustomers);
  const locale: Locale = requester.locale;
  const status = statusForAge(rng, (now - createdAt) / DAY);
  const serviceDesk = dir.teams['Service Desk'];
  const specialist = dir.teams[category.team];
  const escalated = specialist.id !== serviceDesk.id && status !== 'new' && rng.chance(0.55);
  const groupId = escalated ? specialist.id : rng.chance(0.05) && status !== 'new' ? dir.teams['2nd Level Support'].id : serviceDesk.id;
  const members = dir.membersOf.get(groupId) ?? [];
  const deskMembers = dir.membersOf.get(serviceDesk.id) ?? members;
  const assigned = members.length > 0 && (status === 'open' ? rng.chance(0.6) : status !== 'new' && rng.chance(0.95));
  const assignee = assigned ? rng.pick(members) : null;
  const firstAgent = escalated || !assignee ? (deskMembers.length ? rng.pick(deskMembers) : assignee) : assignee;
  const worker = assignee ?? firstAgent;
  const priority = rng.weighted<TicketPriority>({ low: 15, normal: 60, high: 20, urgent: 5 });
  const opening = ticketOpening(rng, category.key, locale);

  let t = createdAt;
  const advance = (minMinutes: number, maxMinutes: number) => {
    t = Math.max(t, Math.min(t + rng.int(minMinutes, maxMinutes) * MINUTE, now - MINUTE));
    return t;
  };
  const messages: PlannedMessage[] = [{ authorId: requester.id, internal: false, body: opening.body, at: createdAt }];
  const events: PlannedEvent[] = [{ actorId: requester.id, kind: 'created', newValue: rng.pick(['web', 'email', 'api']), internal: false, at: createdAt }];
  const channel = events[0]!.newValue as Channel;
  let version = 1;
  let current = 'new' as TicketStatus;
  const names = (agentName: string) => ({ name: requester.name, agent: agentName, category: category.name });
  const say = (authorId: number, body: string, internal = false) => {
    messages.push({ authorId, internal, body, at: t });
    events.push({ actorId: authorId, kind: internal ? 'note' : 'message', messageIndex: messages.length - 1, internal, at: t });
  };
  const change = (actorId: number | null, field: string, oldValue: string | null, newValue: string | null) => {
    events.push({ actorId, kind: 'changed', field, oldValue, newValue, internal: false, at: t });
    version++;
  };
  const setStatus = (actorId: number | null, next: TicketStatus) => {
    if (next === current) return;
    change(actorId, 'status', current, next);
    current = next;
  };

  if (status !== 'new' && firstAgent) {
    advance(5, 480);
    if (escalated) {
      say(firstAgent.id, conversation.escalation(locale, specialist.name), true);
      change(firstAgent.id, 'group', String(serviceDesk.id), String(groupId));
      advance(10, 240);
    }
    if (assignee) change(assignee.id, 'assignee', null, String(assignee.id));
    say(worker!.id, conversation.firstReply(rng, locale, names(worker!.name)));
    setStatus(worker!.id, 'open');
    if (rng.chance(0.3)) {
      advance(15, 600);
      say(worker!.id, conversation.note(rng, locale, names(worker!.name)), true);
    }
    if (status !== 'pending' && rng.chance(0.4)) {
      advance(30, 1440);
      say(requester.id, conversation.followUp(rng, locale));
    }
    if (status === 'pending') {
      advance(30, 1440);
      say(worker!.id, conversation.question(rng, locale, names(worker!.name)));
      setStatus(worker!.id, 'pending');
    }
    if (status === 'resolved' || status === 'closed') {
      advance(60, 2880);
      say(worker!.id, conversation.resolution(rng, locale, category.key, names(worker!.name)));
      setStatus(worker!.id, 'resolved');
    }
    if (status === 'closed') {
      advance(1440, 10080);
      setStatus(rng.chance(0.2) ? requester.id : null, 'closed');
    }
  }
  const resolvedEvent = events.findLast((e) => e.field === 'status' && e.newValue === 'resolved');
  const tags = category.tags.filter(() => rng.chance(0.4));
  return {
    subject: opening.subject,
    status: current,
    priority,
    requesterId: requester.id,
    organisationId: requester.organisationId,
    groupId,
    assigneeId: assignee?.id ?? null,
    categoryId: category.id,
    channel,
    createdAt,
    updatedAt: t,
    resolvedAt: current === 'resolved' || current === 'closed' ? (resolvedEvent?.at ?? t) : null,
    closedAt: current === 'closed' ? t : null,
    version,
    tags,
    messages,
    events,
  };
}

function pickCategory(rng: DemoRandom, dir: DemoDirectory) {
  let r = rng.next() * dir.categories.reduce((s, c) => s + c.weight, 0);
  for (const c of dir.categories) {
    r -= c.weight;
    if (r < 0) return c;
  }
  return dir.categories[dir.categories.length - 1]!;
}
