/** Files on messages (uploaded before the message is sent). */
import { z } from 'zod';

export const attachmentParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export const attachmentSchema = z.object({ id: z.number(), filename: z.string(), contentType: z.string(), size: z.number() });
export type AttachmentDto = z.infer<typeof attachmentSchema>;

export const uploadResultSchema = z.object({ items: z.array(attachmentSchema) });
export type UploadResultDto = z.infer<typeof uploadResultSchema>;
