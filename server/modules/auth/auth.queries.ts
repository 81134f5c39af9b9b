import { type Executor, nowIso } from '../../platform/db/database.ts';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from './tokens.ts';

const SESSION_DAYS = 14;

export interface Actor {
  id: number;
  email: string;
  name: string;
  role: 'customer' | 'agent' | 'admin';
  locale: string | null;
  timeZone: string;
  organisationId: number | null;
  /** Groups the user belongs to (agents, admins). */
  groupIds: number[];
  /** False until the user follows the confirmation link (sign-up) or a reset link. */
  emailVerified: boolean;
  /** Signed in with a generated password (the first admin): must choose their own before anything else. */
  mustChangePassword: boolean;
  /** Set for cookie sessions: writes must echo it in X-CSRF-Token. */
  csrfToken: string | null;
  /** How the request came in: a session (web app), an API token, or a mail (intake). */
  via: 'session' | 'token' | 'mail';
}

export async function loadActor(db: Executor, userId: number, via: Actor['via'], csrfToken: string | null): Promise<Actor | undefined> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'locale', 'time_zone', 'organisation_id', 'active', 'email_verified', 'must_change_password'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || !user.active) return undefined;
  const groups = await db.selectFrom('group_members').select('group_id').where('user_id', '=', userId).execute();
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as Actor['role'],
    locale: user.locale,
    timeZone: user.time_zone,
    organisationId: user.organisation_id,
    groupIds: groups.map((g) => g.group_id),
    emailVerified: user.email_verified === 1,
    mustChangePassword: user.must_change_password === 1,
    csrfToken,
    via,
  };
}

export async function createSession(db: Executor, userId: number): Promise<{ sessionId: string; csrfToken: string; expiresAt: string }> {
  const sessionId = newSecret();
  const csrfToken = newSecret();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
  await db
    .insertInto('sessions')
    .values({ id: hashSecret(sessionId), user_id: userId, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt })
    .execute();
  return { sessionId, csrfToken, expiresAt };
}

export async function findSession(db: Executor, sessionId: string) {
  return db.selectFrom('sessions').select(['user_id', 'csrf_token', 'expires_at']).where('id', '=', hashSecret(sessionId)).where('expires_at', '>', nowIso()).executeTakeFirst();
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', hashSecret(sessionId)).execute();
}

/**
 * After a password change or reset, whoever knew the old password must lose access: every
 * session except `keepSessionId` (the caller's own) ends, and every API token is revoked.
 */
export async function endSignIns(db: Executor, userId: number, options: { keepSessionId?: string | undefined } = {}): Promise<{ revokedTokens: number }> {
  let sessions = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (options.keepSessionId) sessions = sessions.where('id', '<>', hashSecret(options.keepSessionId));
  await sessions.execute();
  const revoked = await db.updateTable('api_tokens').set({ revoked_at: nowIso() }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return { revokedTokens: Number(revoked.numUpdatedRows) };
}

export async function createApiToken(db: Executor, userId: number, name: string): Promise<{ id: number; token: string }> {
  const token = newSecret(API_TOKEN_PREFIX);
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: hashSecret(token), created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

export async function findApiToken(db: Executor, token: string) {
  return db.selectFrom('api_tokens').select(['id', 'user_id', 'last_used_at']).where('token_hash', '=', hashSecret(token)).where('revoked_at', 'is', null).executeTakeFirst();
}
