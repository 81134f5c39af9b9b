/** Mail routing (admins): where new tickets from mail land, by the address the mail was delivered to. */
import { z } from 'zod';

const refId = z.number().int().positive().max(2_147_483_647);

const address = z
  .string('Enter an address such as sap@example.com or a domain such as @sap.example.com.')
  .trim()
  .toLowerCase()
  .max(320)
  .regex(/^([^@\s]+@|@)[a-z0-9.-]+\.[a-z]{2,}$/, 'Enter an address such as sap@example.com or a domain such as @sap.example.com.')
  .describe('A recipient address (SMTP RCPT TO, an IMAP mailbox’s user name, or To/Cc) or "@domain" for every address of a domain.');

export const mailRouteParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export const createMailRouteBody = z.strictObject({
  address,
  groupId: refId.describe('New tickets from this address land in this group.'),
  categoryId: refId.nullable().optional().describe('And get this category (optional).'),
});
export type CreateMailRouteInput = z.input<typeof createMailRouteBody>;
export const updateMailRouteBody = createMailRouteBody.partial();

export const mailRouteSchema = z.object({
  id: z.number(),
  address: z.string(),
  group: z.object({ id: z.number(), name: z.string() }),
  category: z.object({ id: z.number(), name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MailRouteDto = z.infer<typeof mailRouteSchema>;
export const mailRouteListSchema = z.object({ items: z.array(mailRouteSchema) });
