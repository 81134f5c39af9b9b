/** Agent groups (support levels) and their members. */
import { z } from 'zod';
import { ASSIGNMENT_MODES, GROUP_LEVELS, LIMITS, ROLES } from '../enums.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const name = z.string().trim().min(1, 'Enter a name.').max(LIMITS.nameMax, `At most ${LIMITS.nameMax} characters.`);
const description = z.string().trim().max(2000, 'At most 2000 characters.');

const assignmentModeHelp =
  'Automatic assignment of new tickets without an assignee among the available agents of the group: off (default), round_robin (in turn) or least_loaded (fewest new, open and pending tickets).';

export const groupParams = z.strictObject({ id });

export const listGroupsQuery = z.strictObject({
  all: z
    .enum(['true', 'false'], 'Must be true or false.')
    .transform((v) => v === 'true')
    .optional()
    .describe('Include deactivated groups (admins).'),
});
export const groupMemberParams = z.strictObject({ id, userId: id });

export const createGroupBody = z.strictObject({
  name,
  level: z.enum(GROUP_LEVELS).describe('Support level: 1, 2, 3 or specialist (a specialist team).'),
  description: description.optional(),
  assignmentMode: z.enum(ASSIGNMENT_MODES).optional().describe(assignmentModeHelp),
});
export type CreateGroupBody = z.infer<typeof createGroupBody>;
export type CreateGroupInput = z.input<typeof createGroupBody>;

export const updateGroupBody = z.strictObject({
  name: name.optional(),
  level: z.enum(GROUP_LEVELS).optional(),
  description: description.optional(),
  isDefault: z.literal(true, 'Only true: make another group the default to move it.').optional().describe('Make this the group where tickets without a group land.'),
  assignmentMode: z.enum(ASSIGNMENT_MODES).optional().describe(assignmentModeHelp),
  active: z.boolean().optional().describe('false hides the group from pickers and escalation; its tickets keep it. The default group stays active.'),
});
export type UpdateGroupBody = z.infer<typeof updateGroupBody>;
export type UpdateGroupInput = z.input<typeof updateGroupBody>;

export const groupSchema = z.object({
  id: z.number(),
  name: z.string(),
  level: z.enum(GROUP_LEVELS),
  description: z.string(),
  isDefault: z.boolean(),
  assignmentMode: z.enum(ASSIGNMENT_MODES),
  active: z.boolean(),
  memberCount: z.number(),
});
export const groupListSchema = z.object({ items: z.array(groupSchema) });

export const setGroupMemberBody = z
  .strictObject({
    supervisor: z.boolean().optional().describe("Supervisors are told when someone notifies the group's supervisors about a ticket. Left out: unchanged (new members: false)."),
  })
  // No body at all (a plain PUT) arrives as null.
  .nullish();
export type SetGroupMemberBody = z.infer<typeof setGroupMemberBody>;

export const groupMemberSchema = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  active: z.boolean(),
  supervisor: z.boolean(),
  available: z.boolean().describe('False while the agent marked themselves away.'),
});
export const groupDetailSchema = groupSchema.extend({ members: z.array(groupMemberSchema) });
export type GroupDto = z.infer<typeof groupSchema>;
export type GroupListDto = z.infer<typeof groupListSchema>;
export type GroupMemberDto = z.infer<typeof groupMemberSchema>;
export type GroupDetailDto = z.infer<typeof groupDetailSchema>;
