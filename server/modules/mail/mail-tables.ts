import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';

/**
 * Tables of the e-mail channel (migration 2026-11-27T0630-mail). They are declared here,
 * beside the code that uses them, and added to the typed handle with `withTables`.
 */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type InboundMailsTable = {
  id: Generated<number>;
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
};

export type MailThreadsTable = {
  message_id: string;
  ticket_id: number;
  message_row_id: number | null;
  /** 'in' for mail we received, 'out' for mail we sent. */
  direction: string;
  created_at: string;
};

export type TicketCcsTable = {
  ticket_id: number;
  email: string;
};

export type MailboxesTable = {
  id: Generated<number>;
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
  created_at: string;
};

export type MailTables = {
  inbound_mails: InboundMailsTable;
  mail_threads: MailThreadsTable;
  ticket_ccs: TicketCcsTable;
  mailboxes: MailboxesTable;
};

export type MailDatabase = Database & MailTables;
export type MailExecutor = Kysely<MailDatabase> | Transaction<MailDatabase>;

/** The same handle or transaction, typed with the mail tables as well. */
export function mailDb(db: Kysely<Database>): Kysely<MailDatabase>;
export function mailDb(db: Transaction<Database>): Transaction<MailDatabase>;
export function mailDb(db: Executor): MailExecutor;
export function mailDb(db: Executor): MailExecutor {
  return db.withTables<MailTables>() as unknown as MailExecutor;
}

/** The plain-typed view of a mail-typed transaction, for functions of other areas. */
export const asExecutor = (db: MailExecutor): Executor => db as unknown as Executor;
