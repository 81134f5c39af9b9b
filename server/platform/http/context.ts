import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Db, Dialect } from '../db/database.ts';
import type { EventBus } from '../events/event-bus.ts';

/** What every area's routes get: the database, the configuration and the live event bus. */
export interface Deps {
  db: Db;
  dialect: Dialect;
  config: Config;
  events: EventBus;
}

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
