/**
 * One row per ticket with what the reports' summary needs of its history (modules/reports,
 * report-facts.ts), kept by the report-facts subscriber; the definitions are in ARCHITECTURE.md, "Reports".
 */
export interface TicketReportFactsTable {
  ticket_id: number;
  /** First public, non-automatic message by an agent or admin other than the requester. */
  first_response_at: string | null;
  /** How many such messages the ticket has. */
  agent_replies: number;
  /** First status change to resolved or closed. */
  first_done_at: string | null;
  /** 1 when a status change went from resolved/closed back to an open status. */
  reopened: number;
  /** 1 when the ticket has an `escalated` history entry. */
  escalated: number;
  /** The latest satisfaction rating. */
  rating: number | null;
  /** Whole minutes from the ticket's creation to `first_response_at` (null without one). */
  first_response_minutes: number | null;
  /** Whole minutes from the ticket's creation to `first_done_at` (null without one). */
  resolution_minutes: number | null;
}
