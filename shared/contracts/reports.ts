/** Reports for continuous improvement: key figures, volume over time and by dimension, recurring problems. */
import { z } from 'zod';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const date = z.iso.date('Write dates as YYYY-MM-DD.');

export const VOLUME_DIMENSIONS = ['day', 'week', 'month', 'category', 'group', 'organisation', 'channel'] as const;
export type VolumeDimension = (typeof VOLUME_DIMENSIONS)[number];

/** `from`/`to`: local dates (inclusive) in the caller's time zone; the filters narrow to the tickets' current group, category, organisation. */
export const reportFilterQuery = z.strictObject({
  from: date,
  to: date,
  groupId: id.optional(),
  categoryId: id.optional(),
  organisationId: id.optional(),
});
export type ReportFilterQuery = z.infer<typeof reportFilterQuery>;

export const volumeQuery = reportFilterQuery.extend({
  by: z.enum(VOLUME_DIMENSIONS, `Choose one of: ${VOLUME_DIMENSIONS.join(', ')}.`),
  format: z.enum(['json', 'csv'], 'Choose json or csv.').optional(),
});
export type VolumeQuery = z.infer<typeof volumeQuery>;

export const recurringQuery = z.strictObject({
  days: z.coerce.number('Give the number of days.').int('Give a whole number of days.').min(1, 'At least 1 day.').max(90, 'At most 90 days.').default(30),
});
export type RecurringQuery = z.infer<typeof recurringQuery>;

const minutes = z.object({ median: z.number().nullable(), p90: z.number().nullable() });

export const reportSummarySchema = z.object({
  /** Tickets created in the period. */
  created: z.number(),
  /** Tickets that went from an open status to resolved or closed in the period. */
  resolved: z.number(),
  /** Tickets created before the end of the period and not resolved or closed at its end. */
  backlog: z.number(),
  /** Of the tickets created in the period: whole minutes until the first public agent reply (nearest rank). */
  firstResponseMinutes: minutes,
  /** Of the tickets created in the period: whole minutes until they were first resolved or closed. */
  resolutionMinutes: minutes,
  /** Of the tickets created in the period and resolved: resolved with exactly one public agent reply and never reopened. */
  firstContactResolutionRate: z.number().nullable(),
  /** Of the tickets created in the period: escalated at least once. */
  escalationRate: z.number().nullable(),
  /** Of the tickets created in the period and resolved: reopened at least once. */
  reopenRate: z.number().nullable(),
  /** Of the tickets created in the period with a service level: none of its targets breached. */
  slaCompliance: z.number().nullable(),
  /** The latest rating (1–5) of each ticket created in the period. */
  csat: z.object({ average: z.number().nullable(), count: z.number() }),
});
export type ReportSummaryDto = z.infer<typeof reportSummarySchema>;

export const volumeRowSchema = z.object({ key: z.string(), label: z.string(), created: z.number(), resolved: z.number() });
export type VolumeRowDto = z.infer<typeof volumeRowSchema>;
export const volumeSchema = z.object({ rows: z.array(volumeRowSchema) });
export type VolumeDto = z.infer<typeof volumeSchema>;

export const recurringItemSchema = z.object({ label: z.string(), count: z.number(), ticketIds: z.array(z.number()) });
export type RecurringItemDto = z.infer<typeof recurringItemSchema>;
export const recurringSchema = z.object({ items: z.array(recurringItemSchema) });
export type RecurringDto = z.infer<typeof recurringSchema>;
