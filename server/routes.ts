import { authRoutes } from './auth/auth.routes.ts';
import type { App, Deps } from './http/context.ts';
import { messageRoutes } from './messages/messages.routes.ts';
import { ticketRoutes } from './tickets/tickets.routes.ts';

/** Every area's routes, mounted under /api/v1. Add a new area here. */
export const ROUTES: Array<(app: App, deps: Deps) => Promise<void>> = [
  authRoutes,
  ticketRoutes,
  messageRoutes,
];
