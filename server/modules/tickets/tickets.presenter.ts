import type { TicketDto, TicketSlaDto } from '../../../shared/contracts/tickets.ts';
import type { GroupLevel, TicketStatus, TicketPriority } from '../../../shared/enums.ts';

export interface TicketRow {
  id: number;
  subject: string;
  status: string;
  priority: string;
  channel: string;
  version: number;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  closed_at: string | null;
  pending_until: string | null;
  requester_id: number;
  requester_name: string;
  requester_email: string;
  organisation_id: number | null;
  organisation_name: string | null;
  assignee_id: number | null;
  assignee_name: string | null;
  group_id: number;
  group_name: string;
  group_level: string;
  category_id: number | null;
  category_name: string | null;
  /** From ticket_sla (written by modules/sla), joined; null without a policy. */
  sla_policy_id: number | null;
  sla_policy_name: string | null;
  sla_first_response_due_at: string | null;
  sla_resolution_due_at: string | null;
  sla_first_response_breached: number | null;
  sla_resolution_breached: number | null;
  sla_first_response_warned: number | null;
  sla_resolution_warned: number | null;
  sla_paused_since: string | null;
  sla_first_responded_at: string | null;
  sla_stopped_at: string | null;
  sla_next_response_since: string | null;
  sla_next_response_due_at: string | null;
  sla_next_response_warned: number | null;
  sla_next_response_breached: number | null;
}

function presentSla(row: TicketRow): TicketSlaDto | null {
  if (row.sla_policy_id === null || row.sla_policy_name === null || row.sla_first_response_due_at === null || row.sla_resolution_due_at === null) return null;
  const firstResponseBreached = row.sla_first_response_breached === 1;
  const resolutionBreached = row.sla_resolution_breached === 1;
  const nextResponseBreached = row.sla_next_response_breached === 1;
  const awaiting = row.sla_next_response_since !== null;
  const running = row.sla_stopped_at === null;
  return {
    policy: { id: row.sla_policy_id, name: row.sla_policy_name },
    firstResponseDueAt: row.sla_first_response_due_at,
    resolutionDueAt: row.sla_resolution_due_at,
    firstResponseBreached,
    resolutionBreached,
    pausedSince: row.sla_paused_since,
    firstRespondedAt: row.sla_first_responded_at,
    stoppedAt: row.sla_stopped_at,
    nextResponseDueAt: awaiting ? row.sla_next_response_due_at : null,
    nextResponseBreached,
    atRisk:
      running &&
      !firstResponseBreached &&
      !resolutionBreached &&
      !nextResponseBreached &&
      ((row.sla_first_response_warned === 1 && row.sla_first_responded_at === null) || row.sla_resolution_warned === 1 || (awaiting && row.sla_next_response_warned === 1)),
  };
}

/**
 * A ticket as its viewer may get it. Requesters get no `sla`: policy names, targets and breaches
 * are the service desk's own business (a customer would read "Gold, breached"); nor the pending
 * reminder (the agent's note to self). Agents and admins get all of it.
 */
export function forViewer(viewer: { role: string }, ticket: TicketDto): TicketDto {
  return viewer.role === 'customer' ? { ...ticket, sla: null, pendingUntil: null } : ticket;
}

/** Exactly the ticket fields that leave the server. */
export function presentTicket(row: TicketRow, tags: string[]): TicketDto {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status as TicketStatus,
    priority: row.priority as TicketPriority,
    channel: row.channel,
    requester: { id: row.requester_id, name: row.requester_name, email: row.requester_email },
    organisation: row.organisation_id !== null && row.organisation_name !== null ? { id: row.organisation_id, name: row.organisation_name } : null,
    assignee: row.assignee_id !== null && row.assignee_name !== null ? { id: row.assignee_id, name: row.assignee_name } : null,
    group: { id: row.group_id, name: row.group_name, level: row.group_level },
    level: row.group_level as GroupLevel,
    category: row.category_id !== null && row.category_name !== null ? { id: row.category_id, name: row.category_name } : null,
    tags,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    version: row.version,
    pendingUntil: row.pending_until,
    sla: presentSla(row),
  };
}
