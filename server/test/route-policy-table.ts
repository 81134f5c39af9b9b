/**
 * What every role may do on every route: the table the authorisation matrix
 * (route-policy-matrix.test.ts) checks against the app. A new route needs a line here.
 */
import crypto from 'node:crypto';

export const ROLES = ['anonymous', 'customer', 'otherCustomer', 'foreignAgent', 'agent', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Ids {
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

export interface Policy {
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
export const TABLE: Record<string, Policy> = {
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
