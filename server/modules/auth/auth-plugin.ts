import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, actorOfApiToken, actorOfSession } from './auth.queries.ts';
import { AppError } from '../../platform/errors.ts';
import { nowIso } from '../../platform/db/database.ts';
import type { App, Deps } from '../../platform/http/context.ts';

export const SESSION_COOKIE = 'anlauf_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * What a session with a generated password may still call: who am I, sign in and out, and the
 * password change itself (plus the sign-in page's settings). API tokens are not held back: only
 * someone at the server's command line can make one for a person who never signed in.
 */
const BEFORE_PASSWORD_CHANGE = new Set(['/api/v1/me/password', '/api/v1/auth/me', '/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/settings/portal']);
/** Writes that happen before a session exists. */
const CSRF_EXEMPT = new Set(['/api/v1/auth/login', '/api/v1/auth/signup', '/api/v1/auth/password-reset', '/api/v1/auth/password-reset/confirm', '/api/v1/auth/verify-email']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Routes under /api/v1 that anonymous callers may use (sign-in, sign-up, reset). */
    public?: boolean;
  }
}

/** Resolves who is calling (bearer token or session cookie) and checks CSRF for cookie writes. */
export function registerAuth(app: App, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw new AppError('not_signed_in', 'The Authorization header must be "Bearer <token>".');
      const token = await actorOfApiToken(deps.db, match[1]);
      if (!token) throw new AppError('not_signed_in', 'The API token is unknown or revoked.');
      request.actor = token.actor ?? null;
      if (!request.actor) throw new AppError('not_signed_in', 'The account of this API token is deactivated.');
      // "Last used" is for people reviewing their tokens: minute precision is enough, and it
      // keeps a busy API client from turning every read into a write.
      const now = nowIso();
      if (!token.lastUsedAt || Date.parse(now) - Date.parse(token.lastUsedAt) > 60_000) {
        void deps.db
          .updateTable('api_tokens')
          .set({ last_used_at: now })
          .where('id', '=', token.tokenId)
          .execute()
          .catch(() => undefined);
      }
      return;
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (!sessionId) return;
    const session = await actorOfSession(deps.db, sessionId);
    if (!session) return;
    request.actor = session.actor ?? null;
    const path = request.url.split('?')[0] ?? '';
    if (request.actor?.mustChangePassword && path.startsWith('/api/') && !BEFORE_PASSWORD_CHANGE.has(path)) {
      throw new AppError('password_change_required', 'Choose your own password first (POST /api/v1/me/password): the one you signed in with was generated.');
    }
    if (request.actor && UNSAFE.has(request.method) && !CSRF_EXEMPT.has(path)) {
      if (request.headers['x-csrf-token'] !== session.csrfToken) {
        throw new AppError('csrf_failed', 'This change needs the X-CSRF-Token header from /api/v1/auth/me. Reload the page and try again.');
      }
    }
  });
}

/** The signed-in caller, or a 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('not_signed_in', 'Please sign in first.');
  return request.actor;
}

export function requireAgent(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (actor.role === 'customer') throw new AppError('forbidden', 'Only agents may do this.');
  return actor;
}

export function requireAdmin(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (actor.role !== 'admin') throw new AppError('forbidden', 'Only administrators may do this.');
  return actor;
}
