import type { Role, TicketPriority, TicketStatus } from '../../shared/enums.ts';

/** Shapes of the API answers the web app reads (see the *.schema.ts files under server/). */
export interface Person {
  id: number;
  name: string;
}

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  locale: string;
  timeZone: string;
  organisationId: number | null;
  groupIds: number[];
}

export interface Ticket {
  id: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  channel: string;
  requester: Person & { email: string };
  organisation: { id: number; name: string } | null;
  assignee: Person | null;
  group: { id: number; name: string; level: string };
  category: { id: number; name: string } | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  version: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Attachment {
  id: number;
  filename: string;
  contentType: string;
  size: number;
}

export interface Message {
  id: number;
  ticketId: number;
  author: Person;
  internal: boolean;
  body: string;
  bodyHtml: string | null;
  attachments: Attachment[];
  createdAt: string;
}

export interface HistoryEvent {
  id: number;
  kind: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  actor: Person | null;
  createdAt: string;
}
