import type { Actor } from '../auth/auth.queries.ts';
import type { Db } from '../../platform/db/database.ts';
import { updateTicket } from '../tickets/update-ticket.ts';
import type { ApplyMacroDto, MacroChanges } from '../../../shared/contracts/macros.ts';
import type { UpdateTicketBody } from '../../../shared/contracts/tickets.ts';
import type { Channel } from '../../../shared/enums.ts';
import { loadMacro } from './macros.queries.ts';
import { renderForTicket } from './render-for-ticket.ts';

/**
 * Applies a macro: its field changes go through `updateTicket` with the version the agent saw
 * (one write path: the same rules, history and events as a PATCH, and 409 when someone changed
 * the ticket meanwhile); its reply comes back filled in for the composer, where the agent
 * reviews it before sending. Nothing is sent by the macro itself.
 */
export async function applyMacro(db: Db, actor: Actor, ticketId: number, input: { macroId: number; version: number }, channel: Channel): Promise<ApplyMacroDto> {
  return db.transaction().execute(async (trx) => {
    const macro = await loadMacro(trx, actor, input.macroId);
    const changes = JSON.parse(macro.changes) as MacroChanges;
    const update: UpdateTicketBody = {
      version: input.version,
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      ...(changes.priority !== undefined ? { priority: changes.priority } : {}),
      ...(changes.groupId !== undefined ? { groupId: changes.groupId } : {}),
      ...(changes.categoryId !== undefined ? { categoryId: changes.categoryId } : {}),
      ...(changes.assignToSelf ? { assigneeId: actor.id } : {}),
    };
    const { after } = await updateTicket(trx, actor, ticketId, update, channel);
    const reply = await renderForTicket(trx, actor, after, { de: macro.reply_de, en: macro.reply_en });
    return { ticket: after, reply };
  });
}
