/** The category catalogue (two levels). */
import { z } from 'zod';
import { LIMITS } from '../enums.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const name = z.string().trim().min(1, 'Enter a name.').max(LIMITS.nameMax, `At most ${LIMITS.nameMax} characters.`);

export const categoryParams = z.strictObject({ id });

export const listCategoriesQuery = z.strictObject({
  all: z
    .enum(['true', 'false'], 'Must be true or false.')
    .transform((v) => v === 'true')
    .optional()
    .describe('Admins: include deactivated categories.'),
});

const groupRef = z.number().int().positive().max(2_147_483_647).nullable();
/** Routing: which group handles the category's new tickets, and where escalation is suggested to go. */
const routing = {
  groupId: groupRef.optional().describe('The group new tickets of this category land in (unless an agent chooses one); null: the default group.'),
  escalationGroupId: groupRef.optional().describe('The group the escalation dialog suggests for tickets of this category; null: the next level.'),
};
const nameEn = z.string().trim().max(LIMITS.nameMax, `At most ${LIMITS.nameMax} characters.`).nullable().describe('The English name; empty or null: English readers see `name`.');

export const createCategoryBody = z.strictObject({
  name: name.describe('The (German) name.'),
  nameEn: nameEn.optional(),
  parentId: z.number().int().positive().nullable().optional().describe('A top-level category; the catalogue is nested one level deep.'),
  ...routing,
});
export type CreateCategoryBody = z.infer<typeof createCategoryBody>;
export type CreateCategoryInput = z.input<typeof createCategoryBody>;

export const updateCategoryBody = z.strictObject({
  name: name.optional(),
  nameEn: nameEn.optional(),
  active: z.boolean().optional().describe('false takes the category out of the catalogue; tickets keep it.'),
  ...routing,
});
export type UpdateCategoryBody = z.infer<typeof updateCategoryBody>;
export type UpdateCategoryInput = z.input<typeof updateCategoryBody>;

export const categorySchema = z.object({
  id: z.number(),
  name: z.string(),
  nameEn: z.string().nullable(),
  parentId: z.number().nullable(),
  active: z.boolean(),
  groupId: z.number().nullable(),
  escalationGroupId: z.number().nullable(),
  createdAt: z.string(),
});
export const categoryListSchema = z.object({ items: z.array(categorySchema) });
export type CategoryDto = z.infer<typeof categorySchema>;
export type CategoryListDto = z.infer<typeof categoryListSchema>;
