import type { Insertable } from 'kysely';
import type { UsersTable } from '../../platform/db/schema.ts';
import { normaliseEmail } from '../auth/email-address.ts';
import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { prepared } from '../../platform/db/prepared.ts';
import { AppError } from '../../platform/errors.ts';
import { hashPassword, PASSWORD_MIN_LENGTH } from '../auth/passwords.ts';
import { defaultGroupId } from '../groups/groups.queries.ts';
import { organisationForAddress } from './organisation-for-address.ts';
import type { Role } from '../../../shared/enums.ts';

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  password?: string | undefined;
  locale?: string | null | undefined;
  timeZone?: string | undefined;
  /** Left out (undefined): the active organisation whose mail domain the (verified) address has, if any; null: none. */
  organisationId?: number | null | undefined;
  /** Agents without groups join the default 1st-level group. */
  groupIds?: number[] | undefined;
  /**
   * Whether the address is proven: true for people an admin or the CLI creates, false for
   * sign-ups (until the link is followed) and for senders that mail intake creates.
   */
  emailVerified: boolean;
  /** The caller looked the address up in the same transaction and found nobody: no second look. */
  addressFree?: true | undefined;
}

export { normaliseEmail };

/** Creates a user with memberships; fails with 409 when the e-mail address is taken. */
export async function createUser(db: Executor, input: CreateUserInput) {
  const email = normaliseEmail(input.email);
  if (input.password !== undefined && input.password.length < PASSWORD_MIN_LENGTH) {
    throw new AppError('invalid_input', `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`, {
      fields: { password: `At least ${PASSWORD_MIN_LENGTH} characters.` },
    });
  }
  const existing = input.addressFree ? undefined : await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw new AppError('conflict', `A user with the e-mail address ${email} exists already.`, { fields: { email: 'Already taken.' } });
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  // An admin or the CLI vouches for the address, so it joins its organisation by domain like a verified one.
  const organisationId = input.organisationId !== undefined ? input.organisationId : input.emailVerified ? await organisationForAddress(db, email, { verified: true }) : null;
  const now = nowIso();
  const user = (await insertUser.takeFirst(db, {
    email,
    name: input.name.trim(),
    role: input.role,
    password_hash: passwordHash,
    // Unknown until the person chooses it or their first message shows it (detect-language.ts).
    locale: input.locale ?? null,
    time_zone: input.timeZone ?? 'Europe/Berlin',
    organisation_id: organisationId,
    email_verified: input.emailVerified ? 1 : 0,
    created_at: now,
    updated_at: now,
  }))!;
  let groupIds = input.groupIds ?? [];
  if (input.role !== 'customer' && groupIds.length === 0 && input.role === 'agent') groupIds = [await defaultGroupId(db)];
  if (groupIds.length > 0) {
    const known = await db.selectFrom('groups').select('id').where('id', 'in', groupIds).execute();
    const missing = groupIds.filter((id) => !known.some((g) => g.id === id));
    if (missing.length > 0) throw new AppError('invalid_input', `Unknown group ${missing.join(', ')}.`, { fields: { groupIds: 'Unknown group.' } });
    await db
      .insertInto('group_members')
      .values(groupIds.map((group_id) => ({ group_id, user_id: user.id })))
      .execute();
  }
  return { user, groupIds };
}

/** The columns a new user is given (the prepared statement has one shape). */
type UserInsert = Required<Pick<Insertable<UsersTable>, 'email' | 'name' | 'role' | 'password_hash' | 'locale' | 'time_zone' | 'organisation_id' | 'email_verified' | 'created_at' | 'updated_at'>>;

/** Every new sender and requester: built once (platform/db/prepared.ts). */
const insertUser = prepared((db, p: UserInsert) =>
  db
    .insertInto('users')
    .values({
      email: p.email,
      name: p.name,
      role: p.role,
      password_hash: p.password_hash,
      locale: p.locale,
      time_zone: p.time_zone,
      organisation_id: p.organisation_id,
      email_verified: p.email_verified,
      created_at: p.created_at,
      updated_at: p.updated_at,
    })
    .returningAll(),
);
