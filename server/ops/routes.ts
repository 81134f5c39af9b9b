import { apiTokenRoutes } from '../modules/users/api-tokens.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { attachmentRoutes } from '../modules/attachments/attachments.routes.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { categoryRoutes } from '../modules/categories/categories.routes.ts';
import { groupRoutes } from '../modules/groups/groups.routes.ts';
import type { App, Deps } from '../platform/http/context.ts';
import { escalationRoutes } from '../modules/tickets/escalation.routes.ts';
import { eventSubscriptionRoutes } from '../modules/jobs/event-subscriptions.routes.ts';
import { jobRoutes } from '../modules/jobs/jobs.routes.ts';
import { kbImageRoutes } from '../modules/knowledge/kb-images.routes.ts';
import { kbInsightsRoutes } from '../modules/knowledge/kb-insights.routes.ts';
import { knowledgeRoutes } from '../modules/knowledge/knowledge.routes.ts';
import { reportRoutes } from '../modules/reports/reports.routes.ts';
import { macroRoutes } from '../modules/macros/macros.routes.ts';
import { mailRoutes } from '../modules/mail/mail.routes.ts';
import { mailRoutingRoutes } from '../modules/mail/mail-routing.routes.ts';
import { messageRoutes } from '../modules/tickets/messages.routes.ts';
import { organisationRoutes } from '../modules/organisations/organisations.routes.ts';
import { ticketRoutes } from '../modules/tickets/tickets.routes.ts';
import { userRoutes } from '../modules/users/users.routes.ts';
import { eventRoutes } from '../modules/live/live-events.routes.ts';
import { portalRoutes } from '../modules/portal/portal.routes.ts';
import { problemRoutes } from '../modules/problems/problems.routes.ts';
import { presenceRoutes } from '../modules/presence/presence.routes.ts';
import { slaRoutes } from '../modules/sla/sla.routes.ts';
import { automationRoutes } from '../modules/automation/automation.routes.ts';
import { satisfactionRoutes } from '../modules/satisfaction/satisfaction.routes.ts';
import { ticketActionRoutes } from '../modules/tickets/ticket-actions.routes.ts';
import { viewRoutes } from '../modules/views/views.routes.ts';
import { totpRoutes } from '../modules/auth/totp.routes.ts';
import { webhookRoutes } from '../modules/webhooks/webhooks.routes.ts';
import { privacyRoutes } from '../modules/privacy/privacy.routes.ts';

/** Every area's routes, mounted under /api/v1. Add a new area here. */
export const ROUTES: Array<(app: App, deps: Deps) => Promise<void>> = [
  authRoutes,
  totpRoutes,
  ticketRoutes,
  messageRoutes,
  attachmentRoutes,
  organisationRoutes,
  groupRoutes,
  categoryRoutes,
  userRoutes,
  apiTokenRoutes,
  jobRoutes,
  eventSubscriptionRoutes,
  mailRoutes,
  mailRoutingRoutes,
  eventRoutes,
  portalRoutes,
  presenceRoutes,
  satisfactionRoutes,
  ticketActionRoutes,
  escalationRoutes,
  viewRoutes,
  auditRoutes,
  knowledgeRoutes,
  kbInsightsRoutes,
  kbImageRoutes,
  reportRoutes,
  slaRoutes,
  automationRoutes,
  macroRoutes,
  problemRoutes,
  webhookRoutes,
  privacyRoutes,
];
