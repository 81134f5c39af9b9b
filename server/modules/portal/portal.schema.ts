import { z } from 'zod';
import { LIMITS, LOCALES } from '../../../shared/enums.ts';
import { PASSWORD_MIN_LENGTH } from '../auth/passwords.ts';

const password = z.string().min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters.`).max(1000);

export const portalSettingsSchema = z.object({ signupAllowed: z.boolean() });
export const updatePortalSettingsBody = z.strictObject({ signupAllowed: z.boolean().optional() });

export const signupBody = z.strictObject({
  email: z.email('Enter a valid e-mail address.').max(320),
  name: z.string().trim().min(1, 'Enter your name.').max(LIMITS.nameMax),
  password,
  locale: z.enum(LOCALES).optional(),
});
export type SignupBody = z.infer<typeof signupBody>;

export const passwordResetBody = z.strictObject({ email: z.string().trim().min(1, 'Enter your e-mail address.').max(320) });
export const passwordResetConfirmBody = z.strictObject({ token: z.string().min(1).max(200), password });

export const acceptedSchema = z.object({ status: z.literal('accepted') });
