import type { TicketDto } from '../../../shared/contracts/tickets.ts';
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
  };
}
