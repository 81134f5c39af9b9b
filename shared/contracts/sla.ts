/** Service levels: business-hour calendars and SLA policies (admins). A ticket's own `sla` is in tickets.ts. */
import { z } from 'zod';
import { LIMITS, TICKET_PRIORITIES } from '../enums.ts';

export const REQUESTER_KINDS = ['internal', 'external'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];

const id = z.coerce.number().int().positive().max(2_147_483_647);
const refId = z.number().int().positive().max(2_147_483_647);
const name = z.string('Enter a name.').trim().min(1, 'Enter a name.').max(LIMITS.nameMax, `At most ${LIMITS.nameMax} characters.`);

export const slaParams = z.strictObject({ id });

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

const time = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Write times as HH:MM between 00:00 and 24:00.');
const interval = z.tuple([time, time], 'An opening interval is a pair of times, e.g. ["08:00", "17:00"].').refine(([from, to]) => from < to, 'An interval must end after it begins.');
const day = z
  .array(interval)
  .max(6, 'At most 6 intervals a day.')
  .refine((list) => list.every((current, i) => i === 0 || list[i - 1]![1] <= current[0]), 'List the intervals of a day in order, without overlaps.');

export const weeklyHoursSchema = z
  .strictObject(Object.fromEntries(WEEKDAY_KEYS.map((d) => [d, day.optional()])) as Record<WeekdayKey, z.ZodOptional<typeof day>>)
  .refine((hours) => Object.values(hours).some((list) => list && list.length > 0), 'A calendar needs opening hours on at least one day.');
export type WeeklyHoursInput = z.infer<typeof weeklyHoursSchema>;

const holidays = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, 'A two-letter country code such as DE.'),
  state: z.string().trim().min(1).max(10).optional(),
});

const closedDates = z.array(z.iso.date('Write dates as YYYY-MM-DD.')).max(500, 'At most 500 extra closed days.');

export const createCalendarBody = z.strictObject({
  name,
  timeZone: z.string('Choose a time zone such as Europe/Berlin.').min(1, 'Choose a time zone such as Europe/Berlin.').max(100),
  hours: weeklyHoursSchema,
  holidays: holidays.nullable().optional().describe('Public holidays of this country (and state) close the calendar; from the date-holidays library.'),
  closedDates: closedDates.optional().describe('Extra closed days, e.g. 24 December or a company outing.'),
});
export type CreateCalendarBody = z.infer<typeof createCalendarBody>;
export type CreateCalendarInput = z.input<typeof createCalendarBody>;

export const updateCalendarBody = createCalendarBody.partial();
export type UpdateCalendarBody = z.infer<typeof updateCalendarBody>;

export const calendarSchema = z.object({
  id: z.number(),
  name: z.string(),
  timeZone: z.string(),
  hours: z.record(z.enum(WEEKDAY_KEYS), z.array(z.tuple([z.string(), z.string()]))),
  holidays: z.object({ country: z.string(), state: z.string().nullable() }).nullable(),
  closedDates: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CalendarDto = z.infer<typeof calendarSchema>;
export const calendarListSchema = z.object({ items: z.array(calendarSchema) });

const minutes = (what: string) =>
  z.number(`Enter the ${what} time in business minutes.`).int('Whole minutes, please.').min(1, 'At least one minute.').max(100_000, 'At most 100,000 business minutes.');

const conditions = z.strictObject({
  priority: z.array(z.enum(TICKET_PRIORITIES)).max(4).optional(),
  categoryId: z.array(refId).max(200).optional(),
  organisationId: z.array(refId).max(200).optional(),
  requesterKind: z
    .array(z.enum(REQUESTER_KINDS, 'Either "internal" (employees) or "external" (customers).'))
    .max(2)
    .optional()
    .describe('internal: the requester belongs to an internal organisation; external: a customer organisation or none.'),
});
export type SlaConditions = z.infer<typeof conditions>;

export const createSlaPolicyBody = z.strictObject({
  name,
  calendarId: refId,
  conditions: conditions.optional().describe('Every list given must contain the ticket’s value; no conditions: every ticket.'),
  firstResponseMinutes: minutes('first response'),
  nextResponseMinutes: minutes('next response')
    .nullable()
    .optional()
    .describe('After a requester replies (once the first response is made), an agent must answer within this many business minutes; null: no such target.'),
  resolutionMinutes: minutes('resolution'),
  warningPercent: z
    .number()
    .int()
    .min(1, 'Between 1 and 99 per cent.')
    .max(99, 'Between 1 and 99 per cent.')
    .optional()
    .describe('Share of a target after which the ticket is "at risk"; 80 by default.'),
  onBreach: z
    .strictObject({ escalate: z.boolean(), raisePriority: z.boolean(), notifySupervisors: z.boolean().optional().describe('Mail the supervisors of the ticket’s group; true when left out.') })
    .optional(),
});
export type CreateSlaPolicyBody = z.infer<typeof createSlaPolicyBody>;
export type CreateSlaPolicyInput = z.input<typeof createSlaPolicyBody>;

export const updateSlaPolicyBody = createSlaPolicyBody.partial().extend({
  position: z.number().int().min(1, 'Positions start at 1.').optional().describe('Move the policy to this place in the order (1 = tried first).'),
});
export type UpdateSlaPolicyBody = z.infer<typeof updateSlaPolicyBody>;

export const slaPolicySchema = z.object({
  id: z.number(),
  name: z.string(),
  calendarId: z.number(),
  position: z.number(),
  conditions: z.object({
    priority: z.array(z.enum(TICKET_PRIORITIES)).optional(),
    categoryId: z.array(z.number()).optional(),
    organisationId: z.array(z.number()).optional(),
    requesterKind: z.array(z.enum(REQUESTER_KINDS)).optional(),
  }),
  firstResponseMinutes: z.number(),
  nextResponseMinutes: z.number().nullable(),
  resolutionMinutes: z.number(),
  warningPercent: z.number(),
  onBreach: z.object({ escalate: z.boolean(), raisePriority: z.boolean(), notifySupervisors: z.boolean() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SlaPolicyDto = z.infer<typeof slaPolicySchema>;
export const slaPolicyListSchema = z.object({ items: z.array(slaPolicySchema) });

export const holidayRegionsQuery = z.strictObject({ locale: z.enum(['de', 'en'], 'Either "de" or "en".').optional() });
export const holidayRegionsSchema = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), states: z.array(z.object({ code: z.string(), name: z.string() })) })),
});
export type HolidayRegionsDto = z.infer<typeof holidayRegionsSchema>;
