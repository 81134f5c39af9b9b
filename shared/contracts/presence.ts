/** Who views or types on a ticket right now. */
import { z } from 'zod';

export const PRESENCE_STATES = ['viewing', 'typing', 'left'] as const;

export type PresenceState = (typeof PRESENCE_STATES)[number];

export const presenceBody = z.strictObject({ state: z.enum(PRESENCE_STATES) });
export type PresenceInput = z.input<typeof presenceBody>;

export const presenceListSchema = z.object({
  items: z.array(
    z.object({
      user: z.object({ id: z.number(), name: z.string() }),
      state: z.enum(['viewing', 'typing']),
      /** When the agent started viewing or typing (ISO). */
      since: z.string(),
    }),
  ),
});
export type PresenceList = z.infer<typeof presenceListSchema>;
export type PresenceEntry = PresenceList['items'][number];
