import type { Config } from '../platform/config.ts';
import type { Subscriber } from '../platform/events/dispatcher.ts';
import type { EventBus } from '../platform/events/event-bus.ts';
import { assignmentSubscriber } from '../modules/assignment/assign-ticket.subscriber.ts';
import { auditSubscriber } from '../modules/audit/audit.subscriber.ts';
import { kbTicketLinksSubscriber } from '../modules/knowledge/kb-ticket-links.subscriber.ts';
import { detectLanguageSubscriber } from '../modules/language/detect-language.subscriber.ts';
import { liveEventsSubscriber } from '../modules/live/live-events.subscriber.ts';
import { notificationsSubscriber } from '../modules/notifications/notify-ticket.ts';
import { pendingRemindersSubscriber } from '../modules/pending-reminders/pending-reminders.subscriber.ts';
import { problemResolvedSubscriber } from '../modules/problems/problem-resolved.subscriber.ts';
import { reportFactsSubscriber } from '../modules/reports/report-facts.subscriber.ts';
import { slaSubscriber } from '../modules/sla/sla.subscriber.ts';
import { triggersSubscriber } from '../modules/automation/triggers.subscriber.ts';
import { webhooksSubscriber } from '../modules/webhooks/webhooks.subscriber.ts';

/**
 * Every reaction to domain events, registered at start-up. A new feature adds its subscriber
 * here; the commands that record the events stay untouched.
 */
export function eventSubscribers(ctx: { config: Pick<Config, 'publicUrl' | 'mailFrom' | 'dataDir' | 'receiptArticles'>; events: EventBus }): Subscriber[] {
  return [
    liveEventsSubscriber(ctx.events),
    notificationsSubscriber(ctx.config),
    auditSubscriber(),
    detectLanguageSubscriber(),
    slaSubscriber(),
    triggersSubscriber(ctx.config),
    assignmentSubscriber(),
    kbTicketLinksSubscriber(),
    pendingRemindersSubscriber(),
    problemResolvedSubscriber(ctx.config),
    webhooksSubscriber(),
    reportFactsSubscriber(),
  ];
}
