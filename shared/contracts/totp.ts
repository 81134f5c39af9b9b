/** Two-factor sign-in with an authenticator app (TOTP, RFC 6238: 30 s, 6 digits, SHA-1). */
import { z } from 'zod';

export const totpSetupResponse = z.object({
  secret: z.string().describe('Base32 secret to type into an authenticator app.'),
  otpauthUrl: z.string().describe('otpauth://totp/… for apps that read a link or a QR code of it.'),
});
export type TotpSetupDto = z.infer<typeof totpSetupResponse>;

export const totpCodeBody = z.strictObject({
  code: z.string().trim().min(1, 'Enter the code from your authenticator app.').max(64),
});

export const totpConfirmResponse = z.object({
  recoveryCodes: z.array(z.string()).describe('Ten one-time codes for signing in without the device; shown only now.'),
});
export type TotpConfirmDto = z.infer<typeof totpConfirmResponse>;

export const totpStatusResponse = z.object({
  enabled: z.boolean().describe('Sign-in needs a code.'),
  pending: z.boolean().describe('Set-up started, not confirmed yet.'),
  recoveryCodesLeft: z.number(),
});
export type TotpStatusDto = z.infer<typeof totpStatusResponse>;

export const totpDisableBody = z.strictObject({
  password: z.string().min(1, 'Enter your password.').max(1000),
  code: z.string().trim().min(1, 'Enter the code from your authenticator app.').max(64),
});
export type TotpDisableInput = z.input<typeof totpDisableBody>;
