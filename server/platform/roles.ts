import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { EventBus } from './events/event-bus.ts';
import type { ProcessLag } from './process-lag.ts';

/** What every serve role (web, worker, mail) gets from the process that starts it. */
export interface RoleContext {
  config: Config;
  database: DatabaseHandle;
  events: EventBus;
  /** How far this process's background work is behind (the worker adds, the web role reads). */
  lag: ProcessLag;
}

/** A role starts its part of the process and returns how to stop it. */
export type Role = (ctx: RoleContext) => Promise<() => Promise<void>>;
