import { z } from 'zod';

/** Personal API tokens (GET/POST /me/tokens, GET /users/:id/tokens). */
export const tokenSchema = z.object({ id: z.number(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() });
export type ApiTokenDto = z.infer<typeof tokenSchema>;

export const tokenListSchema = z.object({ items: z.array(tokenSchema) });

export const createdTokenSchema = tokenSchema.extend({ token: z.string().describe('Shown only in this answer; only its hash is stored.') });
export type CreatedApiTokenDto = z.infer<typeof createdTokenSchema>;

export const createTokenBody = z.strictObject({ name: z.string().trim().min(1, 'Enter a name for the token.').max(100, 'At most 100 characters.') });
export type CreateTokenBody = z.input<typeof createTokenBody>;
