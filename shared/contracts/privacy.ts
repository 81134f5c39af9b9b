/** Data protection (admins): a person's data export and their anonymisation. */
import { z } from 'zod';

export const personExportSchema = z
  .looseObject({
    exportedAt: z.string(),
    profile: z.looseObject({ id: z.number(), email: z.string(), name: z.string() }),
    tickets: z.array(z.looseObject({ id: z.number(), messages: z.array(z.unknown()) })),
    ratings: z.array(z.unknown()),
    signInHistory: z.array(z.unknown()),
  })
  .describe(
    'Everything stored about the person: profile, tickets they requested with messages and history, messages and files they wrote, ratings, knowledge-base feedback, sign-in history and audit entries, sessions, tokens, mails. No password hashes, token hashes or secrets.',
  );
export type PersonExportDto = z.infer<typeof personExportSchema>;

export const anonymiseResponse = z.object({
  user: z.object({ id: z.number(), name: z.string(), email: z.string() }),
  summary: z.object({ tickets: z.number(), messages: z.number(), attachments: z.number(), inboundMails: z.number(), mailJobs: z.number() }),
});
export type AnonymiseDto = z.infer<typeof anonymiseResponse>;
