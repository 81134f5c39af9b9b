import { sql } from 'kysely';
import { type Executor, nowIso } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import { prepared } from '../../platform/db/prepared.ts';
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

const ACTOR_COLUMNS = [
  'users.id',
  'users.email',
  'users.name',
  'users.role',
  'users.locale',
  'users.time_zone',
  'users.organisation_id',
  'users.active',
  'users.email_verified',
  'users.must_change_password',
] as const;

/**
 * The person's group ids as one comma-separated text column, so that the user and their
 * memberships come back in one statement: every request resolves its caller, and on
 * PostgreSQL each statement is a round trip.
 */
function groupIdsColumn(db: Executor) {
  return dialectOf(db) === 'postgres'
    ? sql<string | null>`(select string_agg(group_id::text, ',') from group_members where group_members.user_id = users.id)`.as('group_ids')
    : sql<string | null>`(select group_concat(group_id) from group_members where group_members.user_id = users.id)`.as('group_ids');
}

type ActorRow = {
  id: number;
  email: string;
  name: string;
  role: string;
  locale: string | null;
  time_zone: string;
  organisation_id: number | null;
  active: number;
  email_verified: number;
  must_change_password: number;
  group_ids: string | null;
};

function actorOf(user: ActorRow, via: Actor['via'], csrfToken: string | null): Actor | undefined {
  if (!user.active) return undefined;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as Actor['role'],
    locale: user.locale,
    timeZone: user.time_zone,
    organisationId: user.organisation_id,
    // Ascending, as the membership index used to deliver them.
    groupIds: user.group_ids
      ? user.group_ids
          .split(',')
          .map(Number)
          .sort((a, b) => a - b)
      : [],
    emailVerified: user.email_verified === 1,
    mustChangePassword: user.must_change_password === 1,
    csrfToken,
    via,
  };
}

export async function loadActor(db: Executor, userId: number, via: Actor['via'], csrfToken: string | null): Promise<Actor | undefined> {
  const user = await actorRow.takeFirst(db, { userId });
  return user ? actorOf(user, via, csrfToken) : undefined;
}

/**
 * An API token's caller in one statement: the token row, its user and their groups. Undefined
 * for an unknown or revoked token; `actor` undefined when the account is deactivated.
 */
export async function actorOfApiToken(db: Executor, token: string): Promise<{ tokenId: number; lastUsedAt: string | null; actor: Actor | undefined } | undefined> {
  const row = await apiTokenCaller.takeFirst(db, { tokenHash: hashSecret(token) });
  return row ? { tokenId: row.token_id, lastUsedAt: row.last_used_at, actor: actorOf(row, 'token', null) } : undefined;
}

/** A live session's caller in one statement (undefined when the session is unknown or expired). */
export async function actorOfSession(db: Executor, sessionId: string): Promise<{ csrfToken: string; actor: Actor | undefined } | undefined> {
  const row = await sessionCaller.takeFirst(db, { sessionHash: hashSecret(sessionId), now: nowIso() });
  return row ? { csrfToken: row.csrf_token, actor: actorOf(row, 'session', row.csrf_token) } : undefined;
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

// Every request asks one of these: built and compiled once (platform/db/prepared.ts).
const actorRow = prepared((db, p: { userId: number }) =>
  db
    .selectFrom('users')
    .select([...ACTOR_COLUMNS, groupIdsColumn(db)])
    .where('users.id', '=', p.userId),
);
const apiTokenCaller = prepared((db, p: { tokenHash: string }) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at', ...ACTOR_COLUMNS, groupIdsColumn(db)])
    .where('api_tokens.token_hash', '=', p.tokenHash)
    .where('api_tokens.revoked_at', 'is', null),
);
const sessionCaller = prepared((db, p: { sessionHash: string; now: string }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.csrf_token', ...ACTOR_COLUMNS, groupIdsColumn(db)])
    .where('sessions.id', '=', p.sessionHash)
    .where('sessions.expires_at', '>', p.now),
);
