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
];
