import type { App, Deps } from '../http/context.ts';

export async function mailRoutes(_app: App, _deps: Deps): Promise<void> {}
