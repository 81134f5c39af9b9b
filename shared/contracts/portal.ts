/** The customer portal: its settings, self sign-up and password reset. */
import { z } from 'zod';
import { LIMITS, LOCALES, PASSWORD_MIN_LENGTH } from '../enums.ts';

const password = z.string().min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters.`).max(1000);

export const portalSettingsSchema = z.object({ signupAllowed: z.boolean() });
export type PortalSettingsDto = z.infer<typeof portalSettingsSchema>;
export const updatePortalSettingsBody = z.strictObject({ signupAllowed: z.boolean().optional() });
export type UpdatePortalSettingsInput = z.input<typeof updatePortalSettingsBody>;

export const signupBody = z.strictObject({
  email: z.email('Enter a valid e-mail address.').max(320),
  name: z.string().trim().min(1, 'Enter your name.').max(LIMITS.nameMax),
  password,
  locale: z.enum(LOCALES).optional(),
});
export type SignupBody = z.infer<typeof signupBody>;
export type SignupInput = z.input<typeof signupBody>;

export const passwordResetBody = z.strictObject({ email: z.string().trim().min(1, 'Enter your e-mail address.').max(320) });
export type PasswordResetInput = z.input<typeof passwordResetBody>;
export const passwordResetConfirmBody = z.strictObject({ token: z.string().min(1).max(200), password });
export type PasswordResetConfirmInput = z.input<typeof passwordResetConfirmBody>;

export const verifyEmailBody = z.strictObject({ token: z.string().min(1, 'The link has no token.').max(200) });
export type VerifyEmailInput = z.input<typeof verifyEmailBody>;
export const emailVerifiedSchema = z.object({ status: z.literal('verified'), organisationId: z.number().nullable() });
export type EmailVerifiedDto = z.infer<typeof emailVerifiedSchema>;

export const acceptedSchema = z.object({ status: z.literal('accepted') });
export type AcceptedDto = z.infer<typeof acceptedSchema>;
