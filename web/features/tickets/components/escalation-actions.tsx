import { forwardRef, useImperativeHandle, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCategories } from '../../../lib/reference-data.ts';
import type { TicketDto } from '../../../../shared/contracts/tickets.ts';
import { useEscalationAction, type EscalationAction } from '../api/escalation.ts';
import { EscalationDialog } from './escalation-dialog.tsx';

export interface EscalationActionsHandle {
  open: (action: EscalationAction) => void;
}

/**
 * Escalate (Shift+E), hand back and notify supervisors, as the ticket's abilities allow. After
 * an escalation the agent stays on the ticket: the answer carries their new (read-along)
 * abilities, and a notice says where it went.
 */
export const EscalationActions = forwardRef<EscalationActionsHandle, { ticket: TicketDto }>(function EscalationActions({ ticket }, ref) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<EscalationAction | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const escalate = useEscalationAction(ticket.id, 'escalate');
  const handBack = useEscalationAction(ticket.id, 'handBack');
  const supervisors = useEscalationAction(ticket.id, 'notifySupervisors');
  const mutations = { escalate, handBack, notifySupervisors: supervisors };
  const categories = useCategories();
  const suggested = categories.data?.find((c) => c.id === ticket.category?.id)?.escalationGroupId ?? null;
  useImperativeHandle(ref, () => ({ open: (action) => setOpen(action) }), []);
  const abilities = ticket.abilities;
  if (!abilities) return null;
  const actions = (['escalate', 'handBack', 'notifySupervisors'] as const).filter((a) => abilities[a]);
  const mutation = open ? mutations[open] : undefined;
  return (
    <>
      {actions.length > 0 && (
        <div className="escalation-actions">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className="btn"
              onClick={() => {
                mutations[action].reset();
                setOpen(action);
              }}
              aria-keyshortcuts={action === 'escalate' ? 'Shift+E' : undefined}
            >
              {t(`escalation.${action}`)}
              {action === 'escalate' && <kbd className="muted">⇧E</kbd>}
            </button>
          ))}
        </div>
      )}
      {done && (
        <p className="notice" role="status" data-notice="escalation">
          {done}
        </p>
      )}
      {open && mutation && (
        <EscalationDialog
          action={open}
          from={{ level: ticket.level, groupId: ticket.group.id }}
          suggestedGroupId={suggested}
          pending={mutation.isPending}
          error={mutation.error}
          onClose={() => setOpen(null)}
          onSubmit={(input) =>
            mutation.mutate(input, {
              onSuccess: (after) => {
                setDone(t(`escalation.${open}Done`, { group: after.group.name }));
                setOpen(null);
              },
            })
          }
        />
      )}
    </>
  );
});
