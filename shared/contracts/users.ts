/** Users (admin management) and the signed-in user's own profile and password. */
import { z } from 'zod';
import { LIMITS, LOCALES, PASSWORD_MIN_LENGTH, ROLES } from '../enums.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const bodyId = z.number().int().positive().max(2_147_483_647);
const name = z.string().trim().min(1, 'Enter a name.').max(LIMITS.nameMax, `At most ${LIMITS.nameMax} characters.`);
const email = z.string().trim().max(320).pipe(z.email('Enter a valid e-mail address.'));
const password = z.string().min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters.`).max(1000);

/** The canonical IANA name of a time zone ("europe/berlin" → "Europe/Berlin"), or undefined. */
export function canonicalTimeZone(zone: string): string | undefined {
  // Intl also accepts offsets such as "+01:00"; a user's zone must be a named IANA zone.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export const timeZone = z
  .string()
  .trim()
  .max(100)
  .transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone);
    if (canonical) return canonical;
    ctx.addIssue({ code: 'custom', message: 'Enter an IANA time zone such as Europe/Berlin.' });
    return z.NEVER;
  });

export const userParams = z.strictObject({ id });

export const listUsersQuery = z.strictObject({
  role: z.enum(ROLES).optional(),
  organisation: id.optional(),
  group: id.optional(),
  active: z
    .enum(['true', 'false'], 'Must be true or false.')
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().max(200).optional().describe('A part of the name or e-mail address'),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).optional(),
  cursor: z.string().max(500).optional(),
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

export const createUserBody = z.strictObject({
  email,
  name,
  role: z.enum(ROLES),
  password: password.optional().describe('Without a password the user cannot sign in until one is set.'),
  locale: z.enum(LOCALES).nullable().optional(),
  timeZone: timeZone.optional(),
  organisationId: bodyId.nullable().optional(),
  groupIds: z.array(bodyId).max(100).optional().describe('Agents without groups join the default 1st-level group.'),
});
export type CreateUserBody = z.infer<typeof createUserBody>;
export type CreateUserInput = z.input<typeof createUserBody>;

export const updateUserBody = z.strictObject({
  name: name.optional(),
  role: z.enum(ROLES).optional(),
  organisationId: bodyId.nullable().optional(),
  active: z.boolean().optional().describe('Deactivated users cannot sign in or use their API tokens.'),
  locale: z.enum(LOCALES).nullable().optional(),
  timeZone: timeZone.optional(),
  groupIds: z.array(bodyId).max(100).optional().describe('Replaces the memberships.'),
});
export type UpdateUserBody = z.infer<typeof updateUserBody>;
export type UpdateUserInput = z.input<typeof updateUserBody>;

export const updateProfileBody = z.strictObject({
  name: name.optional(),
  locale: z.enum(LOCALES).nullable().optional(),
  timeZone: timeZone.optional(),
  signature: z.string().max(2000, 'At most 2000 characters.').optional(),
  available: z.boolean().optional().describe('Agents: false marks you away (no tickets are assigned to you automatically), true back.'),
});
export type UpdateProfileBody = z.infer<typeof updateProfileBody>;
export type UpdateProfileInput = z.input<typeof updateProfileBody>;

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, 'Enter your current password.').max(1000),
  newPassword: password,
});
export type ChangePasswordInput = z.input<typeof changePasswordBody>;

export const userSchema = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  locale: z.string().nullable().describe('null: not chosen yet; mails follow the language of the first message, the web app the browser.'),
  timeZone: z.string(),
  organisationId: z.number().nullable(),
  signature: z.string(),
  active: z.boolean(),
  emailVerified: z.boolean().describe('The address is proven: created by an admin or the CLI, or confirmed by a link.'),
  available: z.boolean().describe('False while an agent marked themselves away: automatic assignment passes them by.'),
  groupIds: z.array(z.number()),
  createdAt: z.string(),
});
/** A user as the API shows it (also GET /me/profile). */
export type UserDto = z.infer<typeof userSchema>;
export const userListSchema = z.object({ items: z.array(userSchema), nextCursor: z.string().nullable() });
export type UserListDto = z.infer<typeof userListSchema>;
