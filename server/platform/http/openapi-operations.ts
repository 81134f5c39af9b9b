import type { RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { errorBodySchema } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A search route: it may answer 503 `search_timeout` (platform/search/search-budget.ts). */
    search?: boolean;
  }
}

/**
 * What the OpenAPI document says about every operation beyond its own schema, in one place so
 * that no route can forget it: a stable operationId derived from method and path (a client
 * generator's method names), and the error answers the route can give, all with the one error
 * body. A route may still set its own operationId in its schema.
 */

const pascal = (word: string) =>
  word
    .split(/[-_.]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
const singular = (word: string) =>
  word.endsWith('ies') ? `${word.slice(0, -3)}y` : /(x|ch|sh|ss)es$/.test(word) ? word.slice(0, -2) : word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;

/**
 * Actions whose derived name would read badly (POST /me/password → "passwordMy"). Keyed like
 * the routes are registered; the derived rule covers every other route.
 */
const NAMED: Record<string, string> = {
  'GET /api/v1/auth/me': 'getSignedInUser',
  'POST /api/v1/auth/login': 'login',
  'POST /api/v1/auth/logout': 'logout',
  'POST /api/v1/auth/signup': 'signUp',
  'POST /api/v1/auth/verify-email': 'verifyEmail',
  'POST /api/v1/auth/verify-email/resend': 'resendVerificationEmail',
  'POST /api/v1/auth/password-reset': 'requestPasswordReset',
  'POST /api/v1/auth/password-reset/confirm': 'confirmPasswordReset',
  'POST /api/v1/me/password': 'changeMyPassword',
  'POST /api/v1/me/totp': 'startMyTotpSetup',
  'POST /api/v1/me/totp/confirm': 'confirmMyTotp',
  'DELETE /api/v1/me/totp': 'disableMyTotp',
  'DELETE /api/v1/admin/users/:id/totp': 'resetUserTotp',
  'POST /api/v1/admin/webhooks/:id/test': 'sendWebhookTest',
  'GET /api/v1/tickets/counts': 'getTicketCounts',
  'GET /api/v1/tickets/similar': 'listSimilarTickets',
  'POST /api/v1/tickets/bulk': 'updateTicketsInBulk',
  'POST /api/v1/tickets/:id/presence': 'reportTicketPresence',
  'POST /api/v1/tickets/:id/satisfaction': 'rateTicket',
  'GET /api/v1/admin/audit-log': 'listAuditLog',
};
const isParam = (segment: string) => segment.startsWith(':') || segment.startsWith('{');
const isPlural = (segment: string) => /[^s]s$/.test(segment);

/**
 * GET /tickets → listTickets, GET /tickets/:id → getTicket, POST /tickets/:id/messages →
 * createTicketMessage, PATCH /tickets/:id → updateTicket, DELETE /me/views/:id → deleteMyView,
 * POST /tickets/:id/merge → mergeTicket (a POST to a non-collection names an action).
 */
export function operationIdOf(method: string, url: string): string {
  const named = NAMED[`${method.toUpperCase()} ${url.replace(/\{(\w+)\}/g, ':$1')}`];
  if (named) return named;
  const segments = url
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .filter(Boolean);
  const endsWithParam = isParam(segments.at(-1) ?? '');
  // A collection followed by an id names one item: tickets/:id → Ticket.
  const words = segments.flatMap((s, i) => (isParam(s) ? [] : [s === 'me' && i === 0 ? 'my' : isParam(segments[i + 1] ?? '') ? singular(s) : s]));
  const noun = (list: string[]) => list.map(pascal).join('');
  const last = segments.filter((s) => !isParam(s)).at(-1) ?? '';
  switch (method.toUpperCase()) {
    case 'GET':
      return !endsWithParam && isPlural(last) ? `list${noun(words)}` : `get${noun(words)}`;
    case 'POST':
      if (isPlural(last) && !endsWithParam) return `create${noun([...words.slice(0, -1), singular(last)])}`;
      // An action: its name first, then what it acts on (auth/login → loginAuth).
      return `${words.at(-1)!.replace(/[-_.](\w)/g, (_, c: string) => c.toUpperCase())}${noun(words.slice(0, -1))}`;
    case 'PATCH':
      return `update${noun(words)}`;
    case 'PUT':
      return `set${noun(words)}`;
    case 'DELETE':
      return `delete${noun(words)}`;
    default:
      return `${method.toLowerCase()}${noun(words)}`;
  }
}

const ERROR_DESCRIPTIONS = {
  400: 'Invalid input: `fields` says which field and why',
  401: 'Not signed in',
  403: 'Not allowed (or a missing CSRF token on a write with a session)',
  404: 'Not found, or not visible to you',
  409: 'A conflict: taken, still in use, changed meanwhile or merged',
  413: 'Too large',
  429: 'Too many requests: wait and try again',
  503: 'The search ran past its time budget (`search_timeout`): narrow it with more words or filters',
} as const;
type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** The error answers a route can give, from what every route shares and its own configuration. */
export function errorStatusesOf(method: string, url: string, config: { public?: boolean; rateLimit?: unknown; search?: boolean } | undefined): ErrorStatus[] {
  const write = method !== 'GET' && method !== 'HEAD';
  return [400, ...(config?.public ? [] : [401, 403]), ...(/\/[:{]/.test(url) ? [404] : []), ...(write ? [409, 413] : []), ...(config?.rateLimit ? [429] : []), ...(config?.search ? [503] : [])].filter(
    (s, i, all): s is ErrorStatus => all.indexOf(s) === i,
  );
}

/** The swagger transform: adds operationId and error answers, then turns zod into JSON schema. */
export const openApiTransform: typeof jsonSchemaTransform = (input) => {
  const route = input.route as RouteOptions & { config?: { public?: boolean; rateLimit?: unknown; search?: boolean } };
  const method = (Array.isArray(route.method) ? route.method[0] : route.method) ?? 'GET';
  const schema = input.schema as Record<string, unknown> & { response?: Record<string, unknown> };
  const errors = Object.fromEntries(errorStatusesOf(method, input.url, route.config).map((status) => [status, errorBodySchema.describe(ERROR_DESCRIPTIONS[status])]));
  return jsonSchemaTransform({
    ...input,
    schema: { ...schema, operationId: (schema.operationId as string | undefined) ?? operationIdOf(method, input.url), response: { ...errors, ...schema.response } },
  });
};
