/** Organisations: the own one(s) and customers. */
import { z } from 'zod';
import { LIMITS, ORGANISATION_KINDS } from '../enums.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const name = z.string().trim().min(1, 'Enter a name.').max(LIMITS.nameMax, `At most ${LIMITS.nameMax} characters.`);
/** A mail domain such as "example.com" (lower-cased); mail from it can be matched to the organisation. */
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Enter a domain such as example.com.');

export const organisationParams = z.strictObject({ id });

export const listOrganisationsQuery = z.strictObject({
  q: z.string().max(200).optional(),
  kind: z.enum(ORGANISATION_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).optional(),
  cursor: z.string().max(500).optional(),
  all: z
    .enum(['true', 'false'], 'Must be true or false.')
    .transform((v) => v === 'true')
    .optional()
    .describe('Include deactivated organisations (admins).'),
});
export type ListOrganisationsQuery = z.infer<typeof listOrganisationsQuery>;

export const createOrganisationBody = z.strictObject({
  name,
  kind: z.enum(ORGANISATION_KINDS),
  domain: domain.nullable().optional(),
  sharesTickets: z.boolean().optional(),
  domainTrusted: z.boolean().optional(),
});
export type CreateOrganisationBody = z.infer<typeof createOrganisationBody>;
export type CreateOrganisationInput = z.input<typeof createOrganisationBody>;

export const updateOrganisationBody = z.strictObject({
  name: name.optional(),
  kind: z.enum(ORGANISATION_KINDS).optional(),
  domain: domain.nullable().optional(),
  sharesTickets: z.boolean().optional(),
  domainTrusted: z.boolean().optional(),
  active: z.boolean().optional().describe('false hides the organisation from pickers and mail-domain matching; its people and tickets keep it.'),
});
export type UpdateOrganisationBody = z.infer<typeof updateOrganisationBody>;
export type UpdateOrganisationInput = z.input<typeof updateOrganisationBody>;

export const organisationSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  domain: z.string().nullable(),
  sharesTickets: z.boolean().describe("Members of a customer organisation see each other's tickets."),
  domainTrusted: z.boolean().describe('Unverified addresses of the domain (mail senders) join too. Otherwise only addresses proven by a link join by domain.'),
  active: z.boolean(),
  createdAt: z.string(),
});
export const organisationListSchema = z.object({ items: z.array(organisationSchema), nextCursor: z.string().nullable() });
export type OrganisationDto = z.infer<typeof organisationSchema>;
export type OrganisationListDto = z.infer<typeof organisationListSchema>;
