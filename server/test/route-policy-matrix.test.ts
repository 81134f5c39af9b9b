/**
 * Hold the line: every route the app registers × every kind of caller, against a table of
 * what each caller may do. A route that is not in the table fails this test, so a new route
 * needs a written policy decision before it can land.
 *
 * Each request names objects that belong to someone else (the customer's ticket, another
 * user's token, …) and sends a well-formed body, so that "denied" is the policy and not a
 * validation error. Outcomes:
 *   D  denied: 401, 403 or 404
 *   A  allowed: anything below 500 that is not a denial (2xx, 400, 409, …)
 *   *  public or unspecific: anything below 500
 * Never a 500, for anyone.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upload } from '../modules/attachments/test/upload.ts';
import { PNG_1X1, uploadImages } from '../modules/knowledge/test/images.ts';
import { createApiToken } from '../modules/auth/auth.queries.ts';
import { storeInboundMail } from '../modules/mail/store-inbound-mail.ts';
import { createTestApp, type Client, type TestApp } from './test-app.ts';
import { DIALECTS } from './test-database.ts';

const ROLES = ['anonymous', 'customer', 'otherCustomer', 'foreignAgent', 'agent', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface Ids {
  ticket: number;
  mailRoute: number;
  secondTicket: number;
  attachment: number;
  organisation: number;
  group: number;
  category: number;
  user: number;
  strangerToken: number;
  /** A second token of the customer (:tokenId under /users/:id/tokens). */
  userToken: number;
  /** An agent who is no member of :id under /groups (:userId there). */
  stranger: number;
  strangerView: number;
  job: number;
  mailbox: number;
  /** An internal draft article (agents only). */
  kbArticle: number;
  kbSlug: string;
  /** An image no article shows yet (authors only). */
  kbImage: number;
  calendar: number;
  slaPolicy: number;
  inboundMail: number;
  trigger: number;
  /** A shared macro and snippet (for everyone): only admins change them. */
  macro: number;
  snippet: number;
  /** A problem with the customer's ticket linked (agents and admins only). */
  problem: number;
  webhook: number;
}

interface Policy {
  /** One letter per role, in the order of ROLES. */
  expect: string;
  body?: (ids: Ids) => unknown;
  query?: string | ((ids: Ids) => string);
  /** Requests this test cannot make in-process; the string says which test covers the route. */
  coveredBy?: string;
  /** Registered only in some set-ups (the web app's fallback needs a built web/dist). */
  optional?: true;
  multipart?: boolean;
}

const PUBLIC = '******';
const SIGNED_IN = 'DAAAAA';
const AGENTS = 'DDDAAA';
const ADMIN = 'DDDDDA';
/** The customer's own ticket: its requester, the agents of its group, admins. */
const TICKET = 'DADDAA';

// Keyed "METHOD path" exactly as the app registers it (HEAD routes follow their GET).
const TABLE: Record<string, Policy> = {
  'GET /healthz': { expect: PUBLIC },
  'GET /metrics': { expect: ADMIN },
  'GET /api/docs': { expect: PUBLIC },
  'GET /api/docs/': { expect: PUBLIC },
  'GET /api/docs/static/index.html': { expect: PUBLIC },
  'GET /api/docs/static/swagger-initializer.js': { expect: PUBLIC },
  'GET /api/docs/*': { expect: PUBLIC },
  'GET /api/docs/json': { expect: PUBLIC },
  'GET /api/docs/yaml': { expect: PUBLIC },
  'GET /api/v1/openapi.json': { expect: PUBLIC },
  'GET *': { expect: PUBLIC, optional: true, coveredBy: 'platform/http/serve-web-app.test.ts (the built web app and its client-route fallback)' },

  'POST /api/v1/auth/login': { expect: PUBLIC, body: () => ({ email: 'nobody@example.test', password: 'wrong-password' }) },
  'POST /api/v1/auth/logout': { expect: PUBLIC },
  'GET /api/v1/auth/me': { expect: SIGNED_IN },
  'POST /api/v1/auth/signup': { expect: PUBLIC, body: () => ({ email: `signup-${crypto.randomBytes(3).toString('hex')}@example.test`, name: 'Neu', password: 'signup-password-1' }) },
  'POST /api/v1/auth/password-reset': { expect: PUBLIC, body: () => ({ email: 'nobody@example.test' }) },
  'POST /api/v1/auth/verify-email': { expect: PUBLIC, body: () => ({ token: 'not-a-token' }) },
  'POST /api/v1/auth/verify-email/resend': { expect: SIGNED_IN },
  'POST /api/v1/auth/password-reset/confirm': { expect: PUBLIC, body: () => ({ token: 'not-a-token', password: 'new-password-123' }) },
  'GET /api/v1/settings/portal': { expect: PUBLIC },
  'PATCH /api/v1/settings/portal': { expect: ADMIN, body: () => ({}) },

  'GET /api/v1/events': { expect: SIGNED_IN, coveredBy: 'server/modules/live/live-events.test.ts (a stream never ends, so it cannot be injected)' },

  'GET /api/v1/tickets': { expect: SIGNED_IN },
  'POST /api/v1/tickets': { expect: SIGNED_IN, body: () => ({ subject: 'Matrix', body: 'Matrix' }) },
  // Customers get the counts of the tickets they may see.
  'GET /api/v1/tickets/counts': { expect: SIGNED_IN },
  // Scoped inside the query (visibleTickets): the portal suggests a customer's own open tickets.
  'GET /api/v1/tickets/similar': { expect: SIGNED_IN, query: '?q=Drucker' },
  'POST /api/v1/tickets/bulk': { expect: AGENTS, body: (ids) => ({ ids: [ids.ticket], changes: { priority: 'high' } }) },
  'GET /api/v1/tickets/:id': { expect: TICKET },
  // A stale version: whoever may change the ticket gets 409, everyone else 404.
  'PATCH /api/v1/tickets/:id': { expect: TICKET, body: () => ({ version: 999, status: 'closed' }) },
  'GET /api/v1/tickets/:id/history': { expect: TICKET },
  'GET /api/v1/tickets/:id/messages': { expect: TICKET },
  'POST /api/v1/tickets/:id/messages': { expect: TICKET, body: () => ({ body: 'Matrix-Antwort' }) },
  'POST /api/v1/tickets/:id/merge': { expect: 'DDDDAA', body: (ids) => ({ targetId: ids.secondTicket }) },
  'POST /api/v1/tickets/:id/attachments': { expect: TICKET, multipart: true },
  'GET /api/v1/tickets/:id/presence': { expect: 'DDDDAA' },
  'POST /api/v1/tickets/:id/presence': { expect: 'DDDDAA', body: () => ({ state: 'viewing' }) },
  'GET /api/v1/tickets/:id/satisfaction': { expect: TICKET },
  'POST /api/v1/tickets/:id/satisfaction': { expect: 'DADDDD', body: () => ({ rating: 5 }) },
  'GET /api/v1/tickets/:id/links': { expect: TICKET },
  // Agents of the ticket's group and admins (followers may only notify supervisors). The bodies
  // are refused after authorisation (unknown group, never escalated, no supervisors), so the
  // shared ticket stays where it is.
  'POST /api/v1/tickets/:id/escalate': { expect: 'DDDDAA', body: () => ({ reason: 'Matrix', groupId: 2_000_000_000 }) },
  'POST /api/v1/tickets/:id/hand-back': { expect: 'DDDDAA', body: () => ({ reason: 'Matrix' }) },
  'POST /api/v1/tickets/:id/notify-supervisors': { expect: 'DDDDAA', body: () => ({ reason: 'Matrix' }) },
  // Agents who work on the ticket; the stale version is refused after authorisation.
  'POST /api/v1/tickets/:id/apply-macro': { expect: 'DDDDAA', body: (ids) => ({ macroId: ids.macro, version: 999 }) },
  'POST /api/v1/tickets/bulk-escalate': { expect: AGENTS, body: (ids) => ({ ids: [ids.ticket], reason: 'Matrix', groupId: 2_000_000_000 }) },
  'GET /api/v1/attachments/:id': { expect: TICKET },

  'GET /api/v1/organisations': { expect: AGENTS },
  'POST /api/v1/organisations': { expect: ADMIN, body: () => ({ name: `Org ${crypto.randomBytes(3).toString('hex')}`, kind: 'customer' }) },
  'GET /api/v1/organisations/:id': { expect: AGENTS },
  'PATCH /api/v1/organisations/:id': { expect: ADMIN, body: () => ({ name: `Org ${crypto.randomBytes(3).toString('hex')}` }) },
  'GET /api/v1/groups': { expect: AGENTS },
  'POST /api/v1/groups': { expect: ADMIN, body: () => ({ name: `Gruppe ${crypto.randomBytes(3).toString('hex')}`, level: '2' }) },
  'GET /api/v1/groups/:id': { expect: AGENTS },
  'PATCH /api/v1/groups/:id': { expect: ADMIN, body: () => ({ name: `Gruppe ${crypto.randomBytes(3).toString('hex')}` }) },
  'PUT /api/v1/groups/:id/members/:userId': { expect: ADMIN },
  'DELETE /api/v1/groups/:id/members/:userId': { expect: ADMIN },
  'GET /api/v1/categories': { expect: SIGNED_IN },
  'POST /api/v1/categories': { expect: ADMIN, body: () => ({ name: `Kategorie ${crypto.randomBytes(3).toString('hex')}` }) },
  'PATCH /api/v1/categories/:id': { expect: ADMIN, body: () => ({ name: `Kategorie ${crypto.randomBytes(3).toString('hex')}` }) },
  'GET /api/v1/users': { expect: AGENTS },
  'POST /api/v1/users': { expect: ADMIN, body: () => ({ email: `neu-${crypto.randomBytes(3).toString('hex')}@example.test`, name: 'Neu', role: 'customer' }) },
  // :id is the customer: they may read their own record, the other customer may not.
  'GET /api/v1/users/:id': { expect: 'DADAAA' },
  'PATCH /api/v1/users/:id': { expect: ADMIN, body: () => ({ name: 'Karl Kunde' }) },
  'GET /api/v1/users/:id/tokens': { expect: ADMIN },
  // How the customer rated the help: agents (scoped to the tickets they see), not the customer.
  'GET /api/v1/users/:id/satisfaction': { expect: AGENTS },
  'DELETE /api/v1/users/:id/tokens/:tokenId': { expect: ADMIN },
  'GET /api/v1/admin/users/:id/export': { expect: ADMIN },

  'GET /api/v1/me/profile': { expect: SIGNED_IN },
  'PATCH /api/v1/me/profile': { expect: SIGNED_IN, body: () => ({}) },
  'POST /api/v1/me/password': { expect: SIGNED_IN, body: () => ({ currentPassword: 'not-the-password', newPassword: 'another-password-1' }) },
  'GET /api/v1/me/tokens': { expect: SIGNED_IN },
  'POST /api/v1/me/tokens': { expect: SIGNED_IN, body: () => ({ name: 'Matrix' }) },
  // Another person's token: nobody may delete it through /me.
  'DELETE /api/v1/me/tokens/:id': { expect: 'DDDDDD' },
  // Two-factor sign-in: everyone for themselves (a wrong code is a 400); an admin resets it for others.
  'GET /api/v1/me/totp': { expect: SIGNED_IN },
  'POST /api/v1/me/totp': { expect: SIGNED_IN },
  'POST /api/v1/me/totp/confirm': { expect: SIGNED_IN, body: () => ({ code: 'abcdef' }) },
  'DELETE /api/v1/me/totp': { expect: SIGNED_IN, body: () => ({ password: 'not-the-password', code: '000000' }) },
  'DELETE /api/v1/admin/users/:id/totp': { expect: ADMIN },
  'GET /api/v1/me/views': { expect: AGENTS },
  'POST /api/v1/me/views': { expect: AGENTS, body: () => ({ name: `Ansicht ${crypto.randomBytes(3).toString('hex')}`, filters: {} }) },
  'PATCH /api/v1/me/views/:id': { expect: 'DDDDDD', body: () => ({ name: 'Fremd' }) },
  'DELETE /api/v1/me/views/:id': { expect: 'DDDDDD' },

  'GET /api/v1/admin/jobs': { expect: ADMIN },
  'GET /api/v1/admin/event-subscriptions': { expect: ADMIN },
  'GET /api/v1/admin/event-failures': { expect: ADMIN },
  'GET /api/v1/admin/audit-log': { expect: ADMIN },
  'GET /api/v1/admin/inbound-mails': { expect: ADMIN },
  'POST /api/v1/admin/inbound-mails/:id/reprocess': { expect: ADMIN },
  'POST /api/v1/admin/jobs/:id/retry': { expect: ADMIN },
  'GET /api/v1/admin/mailboxes': { expect: ADMIN },
  'POST /api/v1/admin/mailboxes': { expect: ADMIN, body: () => ({ name: 'Matrix', host: '127.0.0.1', port: 1, secure: false, username: 'x', password: 'y' }) },
  'PATCH /api/v1/admin/mailboxes/:id': { expect: ADMIN, body: () => ({ name: 'Umbenannt' }) },
  'DELETE /api/v1/admin/mailboxes/:id': { expect: ADMIN },

  // Knowledge base: agents write; reading is public and scoped inside the query (knowledge.policy.ts).
  // :id is an internal draft, so everyone but agents gets 404.
  'POST /api/v1/kb/articles': { expect: AGENTS, body: () => ({ title: 'Matrix', body: 'Matrix', locale: 'de', visibility: 'internal', status: 'draft' }) },
  'PATCH /api/v1/kb/articles/:id': { expect: AGENTS, body: () => ({ version: 999, title: 'Matrix' }) },
  'GET /api/v1/kb/articles/:id/versions': { expect: AGENTS },
  'POST /api/v1/kb/articles/:id/versions/:version/restore': { expect: AGENTS, body: () => ({ version: 999 }) },
  'GET /api/v1/kb/articles': { expect: PUBLIC, query: '?q=Drucker' },
  'GET /api/v1/kb/articles/:id': { expect: 'DDDAAA' },
  'GET /api/v1/kb/articles/by-slug/:slug': { expect: 'DDDAAA' },
  'GET /api/v1/kb/suggestions': { expect: PUBLIC, query: '?q=Drucker' },
  'POST /api/v1/kb/articles/:id/feedback': { expect: 'DDDAAA', body: () => ({ helpful: true }) },
  'POST /api/v1/kb/events': { expect: PUBLIC, body: (ids) => ({ kind: 'clicked', articleId: ids.kbArticle }) },
  'GET /api/v1/kb/categories': { expect: PUBLIC },
  'POST /api/v1/kb/images': { expect: AGENTS, multipart: true },
  'GET /api/v1/kb/images/:id': { expect: AGENTS },
  'GET /api/v1/tickets/:id/kb-links': { expect: TICKET },
  // Server-rendered help pages: published public articles only (:slug is an internal draft).
  'GET /help/articles/:slug': { expect: 'DDDDDD' },
  'POST /api/v1/tickets/:id/kb-links': { expect: 'DDDDAA', body: (ids) => ({ articleId: ids.kbArticle }) },
  'DELETE /api/v1/tickets/:id/kb-links/:articleId': { expect: 'DDDDAA' },
  'GET /api/v1/tickets/:id/kb-draft': { expect: 'DDDDAA' },
  'GET /api/v1/kb/known-solutions': { expect: SIGNED_IN, query: '?categoryId=1' },
  'GET /api/v1/kb/articles/:id/feedback': { expect: AGENTS },
  'GET /api/v1/kb/review': { expect: AGENTS },
  'GET /api/v1/kb/reports/deflection': { expect: AGENTS, query: '?from=2026-01-01&to=2026-01-31' },
  'GET /api/v1/reports/summary': { expect: AGENTS, query: '?from=2026-01-01&to=2026-01-31' },
  'GET /api/v1/reports/volume': { expect: AGENTS, query: '?from=2026-01-01&to=2026-01-31&by=week' },
  'GET /api/v1/reports/recurring': { expect: AGENTS, query: '?days=30' },
  'GET /api/v1/admin/calendars': { expect: ADMIN },
  'POST /api/v1/admin/calendars': { expect: ADMIN, body: () => ({ name: 'Matrix-Kalender', timeZone: 'Europe/Berlin', hours: { mon: [['08:00', '17:00']] } }) },
  'GET /api/v1/admin/calendars/:id': { expect: ADMIN },
  'PATCH /api/v1/admin/calendars/:id': { expect: ADMIN, body: () => ({ closedDates: ['2026-12-24'] }) },
  'GET /api/v1/admin/sla-policies': { expect: ADMIN },
  'GET /api/v1/admin/holiday-regions': { expect: ADMIN },
  'GET /api/v1/admin/mail-routes': { expect: ADMIN },
  'POST /api/v1/admin/mail-routes': { expect: ADMIN, body: (ids) => ({ address: `matrix-${Math.random().toString(36).slice(2)}@example.com`, groupId: ids.group }) },
  'PATCH /api/v1/admin/mail-routes/:id': { expect: ADMIN, body: () => ({ categoryId: null }) },
  'DELETE /api/v1/admin/mail-routes/:id': { expect: ADMIN },
  'POST /api/v1/admin/sla-policies': { expect: ADMIN, body: (ids) => ({ name: 'Matrix-SLA', calendarId: ids.calendar, firstResponseMinutes: 60, resolutionMinutes: 480 }) },
  'GET /api/v1/admin/sla-policies/:id': { expect: ADMIN },
  'PATCH /api/v1/admin/sla-policies/:id': { expect: ADMIN, body: () => ({ position: 1 }) },
  // The calendar is in use (409 for the admin) until its policies are gone.
  'DELETE /api/v1/admin/calendars/:id': { expect: ADMIN },
  'DELETE /api/v1/admin/sla-policies/:id': { expect: ADMIN },
  'GET /api/v1/admin/triggers': { expect: ADMIN },
  'POST /api/v1/admin/triggers': { expect: ADMIN, body: () => ({ name: 'Matrix-Trigger', events: ['created'], actions: [{ type: 'set_priority', value: 'high' }] }) },
  'GET /api/v1/admin/triggers/:id': { expect: ADMIN },
  'PATCH /api/v1/admin/triggers/:id': { expect: ADMIN, body: () => ({ active: false }) },
  'DELETE /api/v1/admin/triggers/:id': { expect: ADMIN },
  'GET /api/v1/admin/time-rules': { expect: ADMIN },
  // Webhooks: admins only (a public documentation address, so nothing is refused as private).
  'GET /api/v1/admin/webhooks': { expect: ADMIN },
  'POST /api/v1/admin/webhooks': { expect: ADMIN, body: () => ({ url: 'https://203.0.113.10/matrix', events: ['ticket.created'], secret: 'matrix-secret-123456' }) },
  'GET /api/v1/admin/webhooks/:id': { expect: ADMIN },
  'PATCH /api/v1/admin/webhooks/:id': { expect: ADMIN, body: () => ({ active: false }) },
  'GET /api/v1/admin/webhooks/:id/deliveries': { expect: ADMIN },
  'POST /api/v1/admin/webhooks/:id/test': { expect: ADMIN },
  'DELETE /api/v1/admin/webhooks/:id': { expect: ADMIN },
  'PUT /api/v1/admin/time-rules': { expect: ADMIN, body: () => ({ autoClose: { enabled: true, days: 7 } }) },

  // Macros and snippets: agents use them and keep personal ones; :id is a shared one (admins change it).
  'GET /api/v1/macros': { expect: AGENTS },
  'POST /api/v1/macros': { expect: AGENTS, body: () => ({ name: 'Matrix', scope: 'personal', replyDe: 'Hallo {{requester.name}}' }) },
  'PATCH /api/v1/macros/:id': { expect: ADMIN, body: () => ({ name: 'Matrix' }) },
  'DELETE /api/v1/macros/:id': { expect: ADMIN },
  'GET /api/v1/snippets': { expect: AGENTS },
  'POST /api/v1/snippets': { expect: AGENTS, body: () => ({ name: 'Matrix', scope: 'personal', bodyDe: 'Hallo' }) },
  'PATCH /api/v1/snippets/:id': { expect: ADMIN, body: () => ({ name: 'Matrix' }) },
  // The agent of another group sees the snippet but not the ticket.
  'GET /api/v1/snippets/:id/render': { expect: 'DDDDAA', query: (ids) => `?ticketId=${ids.ticket}` },
  'DELETE /api/v1/snippets/:id': { expect: ADMIN },
  // Last: the admin may delete these (unused: 204; in use: 409), so nothing after them needs them.
  'DELETE /api/v1/organisations/:id': { expect: ADMIN },
  'DELETE /api/v1/groups/:id': { expect: ADMIN },
  'DELETE /api/v1/categories/:id': { expect: ADMIN },

  // Problems are every agent's and admin's; requesters get 404. Linking names the second ticket:
  // the foreign agent cannot see it (400, after authorisation), the others link it.
  'POST /api/v1/problems': { expect: AGENTS, body: () => ({ title: 'Matrix-Problem', ticketIds: [] }) },
  'GET /api/v1/problems': { expect: AGENTS, query: '?status=open&q=Matrix' },
  'GET /api/v1/problems/:id': { expect: AGENTS },
  'GET /api/v1/problems/:id/history': { expect: AGENTS },
  'PATCH /api/v1/problems/:id': { expect: AGENTS, body: () => ({ version: 999, status: 'resolved' }) },
  'POST /api/v1/problems/:id/tickets': { expect: AGENTS, body: (ids) => ({ ticketIds: [ids.secondTicket] }) },
  // The foreign agent does not see the ticket (404); after the agent unlinked it, the admin's
  // call finds no link (404): '*' there, the admin's unlinking is in problems.test.ts.
  'DELETE /api/v1/problems/:id/tickets/:ticketId': { expect: 'DDDDA*' },
  // The ticket view's problem panel: agents who see the ticket.
  'GET /api/v1/tickets/:id/problem': { expect: 'DDDDAA' },
  // The very last: anonymising the customer ends their sign-in (later lines would see 401s).
  'POST /api/v1/admin/users/:id/anonymise': { expect: ADMIN },
};

/** "METHOD path" of every route, from Fastify's route tree (HEAD left out: it follows GET). */
function registeredRoutes(tree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)$/.exec(line.replace(/\u00a0/g, ' '));
    if (!match) continue;
    const depth = [...match[1]!].length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('');
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

function fill(path: string, ids: Ids): string {
  const idFor: Array<[RegExp, number]> = [
    [/\/tickets\/:id/, ids.ticket],
    [/\/attachments\/:id/, ids.attachment],
    [/\/organisations\/:id/, ids.organisation],
    [/\/groups\/:id/, ids.group],
    [/\/categories\/:id/, ids.category],
    [/\/users\/:id/, ids.user],
    [/\/me\/tokens\/:id/, ids.strangerToken],
    [/\/me\/views\/:id/, ids.strangerView],
    [/\/admin\/jobs\/:id/, ids.job],
    [/\/admin\/mailboxes\/:id/, ids.mailbox],
    [/\/kb\/articles\/:id/, ids.kbArticle],
    [/\/kb\/images\/:id/, ids.kbImage],
    [/\/admin\/calendars\/:id/, ids.calendar],
    [/\/admin\/sla-policies\/:id/, ids.slaPolicy],
    [/\/admin\/triggers\/:id/, ids.trigger],
    [/\/admin\/inbound-mails\/:id/, ids.inboundMail],
    [/\/macros\/:id/, ids.macro],
    [/\/snippets\/:id/, ids.snippet],
    [/\/admin\/mail-routes\/:id/, ids.mailRoute],
    [/\/problems\/:id/, ids.problem],
    [/\/admin\/webhooks\/:id/, ids.webhook],
  ];
  let filled = path;
  for (const [pattern, id] of idFor) if (pattern.test(filled)) filled = filled.replace(':id', String(id));
  filled = filled.replace(':ticketId', String(ids.ticket)).replace(':articleId', String(ids.kbArticle)).replace(':slug', ids.kbSlug).replace('/versions/:version', '/versions/1');
  return filled.replace(':userId', String(ids.stranger)).replace(':tokenId', String(ids.userToken)).replace('/*', '/missing.js');
}

function multipartBody(): { payload: string; contentType: string } {
  const boundary = `matrix${crypto.randomBytes(6).toString('hex')}`;
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.txt"\r\nContent-Type: text/plain\r\n\r\nmatrix\r\n--${boundary}--\r\n`;
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

const outcome = (status: number) => (status >= 500 ? '5' : [401, 403, 404].includes(status) ? 'D' : 'A');

describe.each(DIALECTS)('authorisation matrix of every route (%s)', (dialect) => {
  let t: TestApp;
  let ids: Ids;
  const clients = {} as Record<Role, Client>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const cast = await t.cast();
    Object.assign(clients, {
      anonymous: t.anonymous,
      customer: cast.customer.client,
      otherCustomer: cast.other.client,
      foreignAgent: cast.specialist.client,
      agent: cast.agent.client,
      admin: t.admin.client,
    });
    const kdb = t.db.handle.db;
    const ticket = (await cast.customer.client.post('/api/v1/tickets', { subject: 'Drucker der Matrix', body: 'Text' })).body.id as number;
    const secondTicket = (await cast.customer.client.post('/api/v1/tickets', { subject: 'Zweites', body: 'Text' })).body.id as number;
    const attachment = (await upload(cast.customer.client, ticket, [{ filename: 'a.txt', content: Buffer.from('a'), type: 'text/plain' }])).body.items[0].id as number;
    expect((await cast.customer.client.post(`/api/v1/tickets/${ticket}/messages`, { body: 'Anhang', attachmentIds: [attachment] })).status).toBe(201);
    const stranger = await t.user({ role: 'agent', name: 'Fremde Agentin' });
    const strangerToken = (await createApiToken(kdb, stranger.id, 'fremd')).id;
    const strangerView = (await stranger.client.post('/api/v1/me/views', { name: 'Fremde Ansicht', filters: {} })).body.id as number;
    const kb = (await t.admin.client.post('/api/v1/kb/articles', { title: 'Interner Entwurf', body: 'Matrix', locale: 'de', visibility: 'internal', status: 'draft' })).body;
    const job = (await kdb.selectFrom('jobs').select('id').orderBy('id', 'desc').executeTakeFirst())?.id ?? 1;
    ids = {
      ticket,
      secondTicket,
      attachment,
      organisation: await t.organisation('Matrix GmbH'),
      group: await t.group('Matrix-Gruppe'),
      category: await t.category('Matrix-Kategorie'),
      user: cast.customer.id,
      strangerToken,
      userToken: (await createApiToken(kdb, cast.customer.id, 'zweites')).id,
      stranger: stranger.id,
      strangerView,
      job,
      mailbox: (await t.admin.client.post('/api/v1/admin/mailboxes', { name: 'Vorhanden', host: '127.0.0.1', port: 1, secure: false, username: 'x', password: 'y' })).body.id,
      kbArticle: kb.id,
      kbSlug: kb.slug,
      kbImage: (await uploadImages(t.admin.client, [{ filename: 'm.png', content: PNG_1X1, type: 'image/png' }])).body.items[0].id,
      calendar: 0,
      slaPolicy: 0,
      trigger: 0,
      mailRoute: 0,
      webhook: (await t.admin.client.post('/api/v1/admin/webhooks', { url: 'https://203.0.113.10/vorhanden', events: ['ticket.created'], secret: 'matrix-secret-123456' })).body.id,
      inboundMail: await storedMail(),
      macro: (await t.admin.client.post('/api/v1/macros', { name: 'Vorhanden', scope: 'shared', changes: { priority: 'high' } })).body.id,
      snippet: (await t.admin.client.post('/api/v1/snippets', { name: 'Vorhanden', scope: 'shared', bodyDe: 'Hallo {{requester.firstName}}' })).body.id,
      problem: 0,
    };
    ids.problem = (await t.admin.client.post('/api/v1/problems', { title: 'Vorhandenes Problem', ticketIds: [ticket] })).body.id;
    ids.calendar = (await t.admin.client.post('/api/v1/admin/calendars', { name: 'Vorhanden', timeZone: 'Europe/Berlin', hours: { mon: [['08:00', '17:00']] } })).body.id;
    ids.slaPolicy = (await t.admin.client.post('/api/v1/admin/sla-policies', { name: 'Vorhanden', calendarId: ids.calendar, firstResponseMinutes: 60, resolutionMinutes: 480 })).body.id;
    ids.trigger = (await t.admin.client.post('/api/v1/admin/triggers', { name: 'Vorhanden', events: ['created'], actions: [{ type: 'add_tag', tag: 'matrix' }] })).body.id;
    ids.mailRoute = (await t.admin.client.post('/api/v1/admin/mail-routes', { address: 'vorhanden@example.com', groupId: ids.group })).body.id;
    expect(strangerView).toEqual(expect.any(Number));
    async function storedMail() {
      const stored = await storeInboundMail(kdb, t.dialect, Buffer.from('From: a@kunde.example\r\nMessage-ID: <matrix@kunde.example>\r\n\r\nText\r\n'), { source: 'api' });
      return stored.stored ? stored.id : stored.duplicateOf;
    }
  });
  afterAll(() => t.close());

  it('has a policy decision for every registered route, and none for a route that is gone', () => {
    const routes = registeredRoutes(t.app.printRoutes({ commonPrefix: false }));
    expect(routes.length).toBeGreaterThan(50);
    const missing = routes.filter((r) => !TABLE[r]);
    expect(missing, 'routes without a line in TABLE (route-policy-matrix.test.ts): decide who may call them').toEqual([]);
    expect(
      Object.keys(TABLE).filter((r) => !routes.includes(r) && !TABLE[r]!.optional),
      'lines in TABLE for routes that do not exist',
    ).toEqual([]);
  });

  // Every route × six callers in one test: on a loaded machine that outgrows the default 30 s.
  it('answers every route as the table says, for every caller, never with a 500', { timeout: 120_000 }, async () => {
    const wrong: string[] = [];
    for (const [route, policy] of Object.entries(TABLE)) {
      if (policy.coveredBy) continue;
      const [method, path] = route.split(' ') as [Method, string];
      const url = fill(path, ids) + (typeof policy.query === 'function' ? policy.query(ids) : (policy.query ?? ''));
      // Callers that must be refused go first, so an allowed change cannot hide a later denial.
      const order = ROLES.map((role, i) => ({ role, want: policy.expect[i]! })).sort((a, b) => (a.want === 'D' ? -1 : 0) - (b.want === 'D' ? -1 : 0));
      for (const { role, want } of order) {
        let res;
        if (policy.multipart) {
          const { payload, contentType } = multipartBody();
          res = await clients[role].request(method, url, payload, { 'content-type': contentType });
        } else {
          res = await clients[role].request(method, url, policy.body ? policy.body(ids) : method === 'GET' || method === 'DELETE' ? undefined : {});
        }
        const got = outcome(res.status);
        if (got === '5' || (want !== '*' && got !== want)) wrong.push(`${route} as ${role}: expected ${want}, got ${res.status} ${JSON.stringify(res.body?.error ?? '').slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
