import { apiTokenRoutes } from './auth/api-tokens.routes.ts';
import { attachmentRoutes } from './attachments/attachments.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { categoryRoutes } from './categories/categories.routes.ts';
import { groupRoutes } from './groups/groups.routes.ts';
import type { App, Deps } from './http/context.ts';
import { jobRoutes } from './jobs/jobs.routes.ts';
import { mailRoutes } from './mail/mail.routes.ts';
import { messageRoutes } from './messages/messages.routes.ts';
import { organisationRoutes } from './organisations/organisations.routes.ts';
import { ticketRoutes } from './tickets/tickets.routes.ts';
import { userRoutes } from './users/users.routes.ts';
import { eventRoutes } from './events/events.routes.ts';
import { portalRoutes } from './portal/portal.routes.ts';
import { presenceRoutes } from './presence/presence.routes.ts';
import { satisfactionRoutes } from './satisfaction/satisfaction.routes.ts';
import { ticketExtraRoutes } from './tickets/tickets-extra.routes.ts';
import { viewRoutes } from './views/views.routes.ts';

/** Every area's routes, mounted under /api/v1. Add a new area here. */
export const ROUTES: Array<(app: App, deps: Deps) => Promise<void>> = [
  authRoutes,
  ticketRoutes,
  messageRoutes,
  attachmentRoutes,
  organisationRoutes,
  groupRoutes,
  categoryRoutes,
  userRoutes,
  apiTokenRoutes,
  jobRoutes,
  mailRoutes,
  eventRoutes,
  portalRoutes,
  presenceRoutes,
  satisfactionRoutes,
  ticketExtraRoutes,
  viewRoutes,
];
