/** Saved ticket views: named filters of GET /tickets. */
import { z } from 'zod';
import { listTicketsQuery, TICKET_SORTS } from './tickets.ts';

/** The GET /tickets query parameters a view may hold (paging and sort are not filters). */
const FILTER_KEYS = listTicketsQuery.keyof().options.filter((k) => k !== 'cursor' && k !== 'limit' && k !== 'sort') as [string, ...string[]];

/** Filters exactly as GET /tickets takes them, e.g. {"status":"new,open","assignee":"none","group":"3"}. */
export const viewFilters = z.partialRecord(z.enum(FILTER_KEYS), z.union([z.string().max(500), z.number().int()]).transform(String)).superRefine((filters, ctx) => {
  const result = listTicketsQuery.safeParse(filters);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: issue.path.slice(0, 1), message: issue.message });
  }
});

const name = z.string().trim().min(1, 'Give the view a name.').max(100, 'At most 100 characters.');

export const createViewBody = z.strictObject({ name, filters: viewFilters, sort: z.enum(TICKET_SORTS).nullable().optional() });
export const updateViewBody = z.strictObject({ name: name.optional(), filters: viewFilters.optional(), sort: z.enum(TICKET_SORTS).nullable().optional() });
export type CreateViewBody = z.infer<typeof createViewBody>;
export type UpdateViewBody = z.infer<typeof updateViewBody>;
export type CreateViewInput = z.input<typeof createViewBody>;
export type UpdateViewInput = z.input<typeof updateViewBody>;

export const viewParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export const viewSchema = z.object({
  id: z.number(),
  name: z.string(),
  filters: z.record(z.string(), z.string()),
  sort: z.enum(TICKET_SORTS).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ViewDto = z.infer<typeof viewSchema>;
export const viewListSchema = z.object({ items: z.array(viewSchema) });
export type ViewListDto = z.infer<typeof viewListSchema>;
