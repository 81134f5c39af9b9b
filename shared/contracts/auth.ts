/** Signing in and the session (GET /auth/me). */
import { z } from 'zod';

export const loginBody = z.strictObject({
  email: z.string().trim().min(1, 'Enter your e-mail address.').max(320),
  password: z.string().min(1, 'Enter your password.').max(1000),
  totp: z.string().trim().max(64).optional().describe('The authenticator code (or a recovery code) of a person with two-factor sign-in; without it they get 401 totp_required.'),
});
export type LoginInput = z.input<typeof loginBody>;

export const meResponse = z.object({
  user: z.object({
    id: z.number(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['customer', 'agent', 'admin']),
    locale: z.string().nullable().describe('null: not chosen yet; the web app follows the browser.'),
    timeZone: z.string(),
    organisationId: z.number().nullable(),
    groupIds: z.array(z.number()),
    emailVerified: z.boolean().describe('False until the address is confirmed by the link in the sign-up mail; until then only own requests are visible.'),
    mustChangePassword: z
      .boolean()
      .describe('True after signing in with a generated password (the first admin): every other call of the session answers 403 password_change_required until POST /api/v1/me/password.'),
  }),
  csrfToken: z.string().nullable(),
});
export type MeResponse = z.infer<typeof meResponse>;
/** The signed-in user as the session carries it. */
export type SessionUser = MeResponse['user'];
