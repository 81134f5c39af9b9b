/** Escalation: up a support level or to a specialist team, back again, and calling a group's supervisors. */
import { z } from 'zod';
import { BULK_MAX } from './ticket-actions.ts';

const reason = z.string('Say why.').trim().min(1, 'Say why.').max(2000, 'At most 2000 characters.');
const groupId = z.number().int().positive().max(2_147_483_647);

export const escalateBody = z.strictObject({
  reason,
  groupId: groupId.optional().describe('A specialist team or a group of a higher level; without it, the default group of the next level.'),
});
export type EscalateBody = z.infer<typeof escalateBody>;
export type EscalateInput = z.input<typeof escalateBody>;

export const handBackBody = z.strictObject({ reason });
export type HandBackBody = z.infer<typeof handBackBody>;

export const notifySupervisorsBody = z.strictObject({ reason });
export type NotifySupervisorsBody = z.infer<typeof notifySupervisorsBody>;

export const bulkEscalateBody = z.strictObject({
  ids: z
    .array(z.number().int().positive().max(2_147_483_647))
    .min(1, 'Choose at least one ticket.')
    .max(BULK_MAX, `At most ${BULK_MAX} tickets at once.`)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'Each ticket only once.' }),
  reason,
  groupId: groupId.optional(),
});
export type BulkEscalateBody = z.infer<typeof bulkEscalateBody>;
