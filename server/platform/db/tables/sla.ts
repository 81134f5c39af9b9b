import type { Id, Bool, Defaulted } from './column-types.ts';

/** Service-level tables (modules/sla). */

export interface SlaCalendarsTable {
  id: Id;
  name: string;
  time_zone: string;
  /** JSON: { mon: [["08:00","17:00"]], …, sun: [] }. */
  hours: string;
  holiday_country: string | null;
  holiday_state: string | null;
  /** JSON array of local dates "YYYY-MM-DD". */
  closed_dates: Defaulted<string>;
  created_at: string;
  updated_at: string;
}

export interface SlaPoliciesTable {
  id: Id;
  name: string;
  calendar_id: number;
  position: number;
  /** JSON: { priority?: [...], categoryId?: [...], organisationId?: [...] }. */
  conditions: Defaulted<string>;
  first_response_minutes: number;
  next_response_minutes: number | null;
  resolution_minutes: number;
  warning_percent: Defaulted<number>;
  breach_escalate: Defaulted<Bool>;
  breach_raise_priority: Defaulted<Bool>;
  breach_notify_supervisors: Defaulted<Bool>;
  created_at: string;
  updated_at: string;
}

/** A ticket's SLA clock: written only by modules/sla. */
export interface TicketSlaTable {
  ticket_id: number;
  policy_id: number;
  started_at: string;
  paused_seconds: Defaulted<number>;
  paused_since: string | null;
  stopped_at: string | null;
  first_responded_at: string | null;
  first_response_due_at: string;
  first_response_warn_at: string;
  first_response_warned: Defaulted<Bool>;
  first_response_breached: Defaulted<Bool>;
  resolution_due_at: string;
  resolution_warn_at: string;
  resolution_warned: Defaulted<Bool>;
  resolution_breached: Defaulted<Bool>;
  /** Since when an agent's answer is awaited (a requester replied after the first response); null when none is. */
  next_response_since: string | null;
  /** paused_seconds when the wait began: the pause during the wait moves its due time. */
  next_response_paused_base: Defaulted<number>;
  next_response_due_at: string | null;
  next_response_warn_at: string | null;
  next_response_warned: Defaulted<Bool>;
  next_response_breached: Defaulted<Bool>;
  updated_at: string;
}

export interface SlaBreachesTable {
  id: Id;
  ticket_id: number;
  policy_id: number | null;
  target: string;
  due_at: string;
  breached_at: string;
}
