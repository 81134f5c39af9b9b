import client from 'prom-client';
import type { FastifyRequest } from 'fastify';
import type { App } from './context.ts';

/** Prometheus metrics at /metrics, for whom `authorise` lets through (it throws otherwise). */
export function registerMetrics(app: App, authorise: (request: FastifyRequest) => unknown): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const duration = new client.Histogram({
    name: 'anlauf_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    authorise(request);
    void reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
