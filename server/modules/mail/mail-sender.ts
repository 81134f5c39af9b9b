import type { Executor } from '../../platform/db/database.ts';
import { nameFromEmail } from '../tickets/create-ticket.ts';
import { workedTickets } from '../tickets/tickets.policy.ts';
import { createUser } from '../users/create-user.ts';
import { organisationForAddress } from '../users/organisation-for-address.ts';
import { endSignIns, loadActor } from '../auth/auth.queries.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';

export interface Sender {
  id: number;
  role: string;
  email: string;
  organisation_id: number | null;
  active: number;
}

/**
 * The user behind a sender address; unknown senders become customers (organisation by trusted domain).
 *
 * Pre-account takeover: anyone may sign up in the portal with an address that is not theirs and
 * choose a password; mail from that address would then land in an account the stranger can sign
 * in to. So a password set by a sign-up whose link was never followed is dropped when mail from
 * the address arrives: the mailbox's owner gets in by a password reset (which proves the address),
 * the stranger is locked out, and nothing they wrote is lost.
 */
export async function findOrCreateSender(db: Executor, email: string, name: string): Promise<Sender> {
  const found = await db.selectFrom('users').select(['id', 'role', 'email', 'organisation_id', 'active', 'email_verified', 'password_hash']).where('email', '=', email).executeTakeFirst();
  if (found) {
    const { email_verified, password_hash, ...sender } = found;
    if (!email_verified && password_hash) await dropUnconfirmedPassword(db, sender);
    return sender;
  }
  // A From header proves nothing: the domain decides only where an admin trusts it.
  const organisationId = await organisationForAddress(db, email, { verified: false });
  const { user } = await createUser(db, { email, name: (name || nameFromEmail(email)).slice(0, 200), role: 'customer', organisationId, emailVerified: false });
  return user;
}

/**
 * May this sender write on the ticket by mail? The requester, an address in the ticket's CCs,
 * or anyone who works on the ticket in the app (its group's agents, the organisation where it
 * shares tickets; not agents who merely follow it). Everyone else starts a new ticket instead.
 */
export async function senderMayWrite(db: Executor, sender: Sender, ticketId: number): Promise<boolean> {
  if (!sender.active) return false;
  const cc = await db.selectFrom('ticket_ccs').select('email').where('ticket_id', '=', ticketId).where('email', '=', sender.email).executeTakeFirst();
  if (cc) return true;
  const actor = await loadActor(db, sender.id, 'token', null);
  if (!actor) return false;
  const visible = await db.selectFrom('tickets').select('id').where('id', '=', ticketId).where(workedTickets(actor)).executeTakeFirst();
  return visible !== undefined;
}

async function dropUnconfirmedPassword(db: Executor, user: Sender): Promise<void> {
  await db.updateTable('users').set({ password_hash: null }).where('id', '=', user.id).where('email_verified', '=', 0).execute();
  await endSignIns(db, user.id);
  await recordAudit(db, { action: 'auth.unconfirmed_password_dropped', actorId: null, clientIp: null, target: { type: 'user', id: user.id, label: user.email } });
}
