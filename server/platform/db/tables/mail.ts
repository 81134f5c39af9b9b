import type { Defaulted, Id } from './column-types.ts';

/** Tables of the e-mail channel (modules/mail). */

export interface InboundMailsTable {
  id: Id;
  message_id: string;
  source: string;
  envelope_from: string | null;
  envelope_to: string | null;
  raw: Buffer;
  size: number;
  status: string;
  from_address: string | null;
  ticket_id: number | null;
  message_row_id: number | null;
  outcome: string | null;
  received_at: string;
  processed_at: string | null;
  /** What the SMTP client said about itself, for SPF (null for IMAP and imports). */
  client_ip: string | null;
  client_helo: string | null;
  sender_verified: number | null;
  auth_results: string | null;
  /** Why the mail was parked for an admin (status 'failed' or 'held') or ignored, or whose duplicate it is. */
  failure_reason: string | null;
  /** The decoded subject, once the mail was parsed. */
  subject: Defaulted<string | null>;
}

export interface MailThreadsTable {
  message_id: string;
  ticket_id: number;
  message_row_id: number | null;
  /** 'in' for mail we received, 'out' for mail we sent. */
  direction: string;
  created_at: string;
}

export interface TicketCcsTable {
  ticket_id: number;
  email: string;
}

export interface MailboxesTable {
  id: Id;
  name: string;
  host: string;
  port: number;
  secure: Defaulted<number>;
  username: string;
  password_encrypted: string;
  folder: Defaulted<string>;
  move_to: string | null;
  active: Defaulted<number>;
  last_error: string | null;
  last_polled_at: string | null;
  /** Which mail process polls the box (modules/mail/mailbox-lease.ts), and until when. */
  poll_owner: string | null;
  poll_lease_until: string | null;
  created_at: string;
}

/** Where new tickets from mail land, by delivery address or "@domain" (modules/mail/mail-routing.ts). */
export interface MailRoutesTable {
  id: Id;
  /** Lower case: "sap@example.com" or "@sap.example.com". */
  address: string;
  group_id: number;
  category_id: number | null;
  created_at: string;
  updated_at: string;
}
