import type { Executor } from '../../platform/db/database.ts';
import type { InboundMailDto, InboundMailState } from '../../../shared/contracts/mail-admin.ts';
import { REPROCESSABLE } from './reprocess-inbound-mail.ts';
import { DUPLICATE_SUFFIX } from './store-inbound-mail.ts';

const TICKET_OUTCOMES = ['new_ticket', 'new_linked_ticket'];
const REPLY_OUTCOMES = ['reply', 'reopened'];
/** Statuses whose mails nothing was made of (held: an agent's unverified address; rate_limited: a loop). */
const IGNORED_STATUSES = ['ignored', 'rate_limited', 'held'];

/** The contract's state of a stored status and outcome. */
export function stateOf(status: string, outcome: string | null): InboundMailState {
  if (status === 'processed') {
    if (outcome && TICKET_OUTCOMES.includes(outcome)) return 'ticket';
    if (outcome && REPLY_OUTCOMES.includes(outcome)) return 'reply';
    return 'attached';
  }
  if (IGNORED_STATUSES.includes(status)) return 'ignored';
  if (status === 'duplicate' || status === 'failed' || status === 'received') return status;
  return 'failed';
}

interface ListQuery {
  state?: InboundMailState | undefined;
  status?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Received mail, newest first, a page at a time (`nextCursor`: the id to continue below). */
export async function listInboundMails(db: Executor, query: ListQuery): Promise<{ items: InboundMailDto[]; nextCursor: string | null }> {
  let qb = db
    .selectFrom('inbound_mails')
    .select(['id', 'message_id', 'source', 'envelope_from', 'from_address', 'subject', 'status', 'outcome', 'failure_reason', 'sender_verified', 'auth_results', 'ticket_id', 'size', 'received_at'])
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.status) qb = qb.where('status', '=', query.status);
  if (query.cursor) qb = qb.where('id', '<', Number(query.cursor));
  switch (query.state) {
    case undefined:
      break;
    case 'ticket':
      qb = qb.where('status', '=', 'processed').where('outcome', 'in', TICKET_OUTCOMES);
      break;
    case 'reply':
      qb = qb.where('status', '=', 'processed').where('outcome', 'in', REPLY_OUTCOMES);
      break;
    case 'attached':
      qb = qb.where('status', '=', 'processed').where('outcome', 'not in', [...TICKET_OUTCOMES, ...REPLY_OUTCOMES]);
      break;
    case 'ignored':
      qb = qb.where('status', 'in', IGNORED_STATUSES);
      break;
    case 'duplicate':
    case 'failed':
    case 'received':
      qb = qb.where('status', '=', query.state);
      break;
    default: {
      const unknown: never = query.state;
      throw new Error(`Unknown state ${String(unknown)}`);
    }
  }
  const rows = await qb.execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      from: r.from_address ?? r.envelope_from?.toLowerCase() ?? null,
      subject: r.subject ?? '',
      messageId: r.message_id.split(DUPLICATE_SUFFIX)[0]!,
      state: stateOf(r.status, r.outcome),
      reason: r.failure_reason,
      ticketId: r.ticket_id,
      source: r.source,
      fromAddress: r.from_address,
      status: r.status,
      outcome: r.outcome,
      failureReason: r.failure_reason,
      senderVerified: r.sender_verified === null ? null : r.sender_verified === 1,
      authResults: r.auth_results,
      size: r.size,
      reprocessable: (REPROCESSABLE as readonly string[]).includes(r.status),
    })),
    nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.id) : null,
  };
}
