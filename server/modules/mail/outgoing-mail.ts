import type { Executor } from '../../platform/db/database.ts';
import { enqueue, enqueueMany } from '../../platform/jobs/queue.ts';

/** A rendered e-mail waiting in the outbox; the `mail.send` job sends it. */
export interface OutgoingMail {
  to: string;
  /** Further visible recipients (CCs kept on the ticket). */
  cc?: string[];
  subject: string;
  text: string;
  html?: string;
  /** Threading: our Message-ID for this mail and the ones it answers. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** The ticket it belongs to, for the admin's view of the outbox. */
  ticketId?: number;
  /** Extra headers such as Auto-Submitted. */
  headers?: Record<string, string>;
}

export const SEND_MAIL_JOB = 'mail.send';

/** Puts a mail into the outbox inside the caller's transaction. */
export function queueMail(db: Executor, mail: OutgoingMail): Promise<number> {
  return enqueue(db, SEND_MAIL_JOB, mail);
}

/** Puts several mails into the outbox in one statement, inside the caller's transaction. */
export function queueMails(db: Executor, mails: OutgoingMail[]): Promise<number[]> {
  return enqueueMany(db, SEND_MAIL_JOB, mails);
}
