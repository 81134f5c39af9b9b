/** Values shared by server and web app. Changing one is a contract change. */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
/** Sort rank of a priority: higher is more urgent. */
export const PRIORITY_RANK: Record<TicketPriority, number> = { low: 1, normal: 2, high: 3, urgent: 4 };

export const ROLES = ['customer', 'agent', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const GROUP_LEVELS = ['1', '2', '3', 'specialist'] as const;
export type GroupLevel = (typeof GROUP_LEVELS)[number];

/** How new tickets of a group without an assignee get one: not at all, in turn, or to the agent with the fewest open tickets. */
export const ASSIGNMENT_MODES = ['off', 'round_robin', 'least_loaded'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];
/** The history's `reason` of an automatic assignment (the web app shows it in the reader's language). */
export const AUTO_ASSIGNMENT_REASONS: Record<Exclude<AssignmentMode, 'off'>, string> = {
  round_robin: 'Assigned automatically (round robin).',
  least_loaded: 'Assigned automatically (least loaded).',
};

export const ORGANISATION_KINDS = ['internal', 'customer'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const CHANNELS = ['web', 'email', 'api', 'phone', 'walk_in'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels an agent names when opening a ticket for a caller (the rest are set by how the request came in). */
export const AGENT_CHANNELS = ['phone', 'walk_in', 'email', 'web'] as const satisfies readonly Channel[];
export type AgentChannel = (typeof AGENT_CHANNELS)[number];

/** The history's `reason` when a pending ticket's reminder came due and reopened it (the web app shows it translated). */
export const PENDING_REMINDER_REASON = 'The pending reminder came due.';

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** The shortest password the API accepts (sign-up, reset, new users, password change). */
export const PASSWORD_MIN_LENGTH = 10;

/** Limits that the API documents and enforces. */
export const LIMITS = {
  subjectMax: 250,
  bodyMaxChars: 100_000,
  tagMax: 50,
  tagsPerTicket: 20,
  nameMax: 200,
  pageSizeMax: 100,
  pageSizeDefault: 25,
  jsonBodyBytes: 1_048_576,
} as const;
