import { setTicketRules } from '../modules/tickets/tickets.policy.ts';
import crypto from 'node:crypto';
import Fastify, { type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { LIMITS } from '../../shared/enums.ts';
import '../../shared/zod-errors.ts';
import type { Config } from '../platform/config.ts';
import type { DatabaseHandle } from '../platform/db/database.ts';
import { EventBus } from '../platform/events/event-bus.ts';
import { registerAuth, requireActor, requireAdmin } from '../modules/auth/auth-plugin.ts';
import type { App, Deps } from '../platform/http/context.ts';
import { errorHandler } from '../platform/http/error-handler.ts';
import { openApiTransform } from '../platform/http/openapi-operations.ts';
import { registerJsonParser } from '../platform/http/json-parser.ts';
import { registerNulByteGuard } from '../platform/http/reject-nul-bytes.ts';
import { registerSecurityHeaders } from '../platform/http/security-headers.ts';
import { registerMetrics } from '../platform/http/metrics.ts';
import { registerWriteBackpressure } from '../platform/http/write-backpressure.ts';
import { ROUTES } from './routes.ts';
import { serveWebApp } from '../platform/http/serve-web-app.ts';
import { helpPageRoutes } from '../modules/knowledge/help-pages.routes.ts';

export interface BuildAppOptions {
  config: Config;
  database: DatabaseHandle;
  events?: EventBus;
  logger?: FastifyServerOptions['logger'];
  /**
   * Hold writes back while background work falls behind (a serving web process;
   * write-backpressure.ts); `jobLagMs`: the lag of a worker in the same process.
   */
  backpressure?: boolean | { jobLagMs: () => number };
}

/** Builds the HTTP application: plugins, auth, every area's routes, docs and health. */
export async function buildApp(options: BuildAppOptions): Promise<{ app: App; deps: Deps }> {
  setTicketRules({ reopenDays: options.config.reopenDays });
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: LIMITS.jsonBodyBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    },
    trustProxy: options.config.trustProxy,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: 'not_found', message: `There is nothing at ${request.method} ${request.url.split('?')[0]}.` } });
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  const deps: Deps = {
    db: options.database.db,
    dialect: options.database.dialect,
    config: options.config,
    events: options.events ?? new EventBus(),
  };

  registerJsonParser(app);
  registerNulByteGuard(app);
  await app.register(cookie);
  registerSecurityHeaders(app);
  // Limits are opt-in per route (login, sign-up, password reset); see auth.routes.ts.
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Anlauf API', version: '1', description: 'Helpdesk and user support. Errors: {"error":{"code","message","fields"?}}.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A token from `anlauf token add`' },
          session: { type: 'apiKey', in: 'cookie', name: 'anlauf_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: openApiTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Admins only (sign-in or an admin's API token).
  const metrics = registerMetrics(app, requireAdmin);
  const { backpressure, config } = options;
  if (backpressure && (config.backpressureEvents > 0 || config.backpressureJobLagSeconds > 0)) {
    registerWriteBackpressure(app, {
      db: deps.db,
      highWater: config.backpressureEvents,
      ...(typeof backpressure === 'object' && config.backpressureJobLagSeconds > 0 ? { jobLag: { ms: backpressure.jobLagMs, highMs: config.backpressureJobLagSeconds * 1000 } } : {}),
      log: app.log,
      metrics,
    });
  }
  registerAuth(app, deps);

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ error: { code: 'internal', message: 'The database does not answer.' } });
    }
  });

  await app.register(
    async (api) => {
      // Anonymous callers get 401 before their input is validated (except on the public routes).
      api.addHook('preValidation', async (request) => {
        if (!request.actor && !request.routeOptions.config.public) requireActor(request);
      });
      for (const register of ROUTES) await register(api as App, deps);
    },
    { prefix: '/api/v1' },
  );
  // Crawlable help-center articles, rendered by the server (the SPA takes over in a browser).
  await app.register(async (pages) => helpPageRoutes(pages, deps, { distDir: options.config.webDistDir }));
  // The built SPA, after the API so that it never shadows it.
  await app.register(serveWebApp, { distDir: options.config.webDistDir });
  return { app: app as App, deps };
}
