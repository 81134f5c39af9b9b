/**
 * Live events (Server-Sent Events), under /api/v1:
 *   GET /events  text/event-stream; cookie or bearer auth.
 *     "retry: 3000", then for every event the caller may see:
 *       event: ticket.created | ticket.updated | message.created | presence
 *       data: {"type","ticketId","actorId","data":{…}}   (never message bodies)
 *     and a ": heartbeat" comment every 20 s; the stream ends when the session or token does.
 *   At most 10 open streams per account; the 11th is a 429 with the error body.
 * Who receives what: see live-filter.ts.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type Actor, findApiToken, findSession, loadActor } from '../auth/auth.queries.ts';
import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor, SESSION_COOKIE } from '../auth/auth-plugin.ts';
import { AppError } from '../../platform/errors.ts';
import { mayReceive, presentLiveEvent, type Subscriber } from './live-filter.ts';
import { sharesTickets } from '../tickets/tickets.policy.ts';

const RETRY_MS = 3000;

/**
 * The caller as they are now, or undefined once their session or token ended or their account
 * was deactivated. Checked at every heartbeat, so a stream does not outlive its sign-in and
 * follows changed group memberships.
 */
async function currentActor(deps: Deps, request: FastifyRequest, actor: Actor): Promise<Actor | undefined> {
  if (actor.via === 'token') {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token || !(await findApiToken(deps.db, token))) return undefined;
  } else {
    const sessionId = request.cookies[SESSION_COOKIE];
    if (!sessionId || !(await findSession(deps.db, sessionId))) return undefined;
  }
  return loadActor(deps.db, actor.id, actor.via, actor.csrfToken);
}

/** Whether the customer's organisation shares its tickets with all its members, as it is now. */
async function organisationShares(deps: Deps, actor: Actor): Promise<boolean> {
  if (actor.role !== 'customer' || actor.organisationId === null) return false;
  return sharesTickets(deps.db, actor.organisationId);
}

/**
 * A browser needs one stream per tab; a few tabs and devices fit well under this. Without a
 * cap one account could hold thousands of connections (and listeners) open.
 */
export const MAX_STREAMS_PER_ACCOUNT = 10;

export async function eventRoutes(app: App, deps: Deps): Promise<void> {
  const heartbeatMs = deps.config.sseHeartbeatMs;
  const open = new Set<ServerResponse>();
  const streamsOf = new Map<number, number>();
  // Streams never end by themselves; close them so that the server can shut down.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });

  app.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Live events for the web app (Server-Sent Events)',
        description:
          'A text/event-stream. Each event is `event: <type>` and `data: {"type","ticketId","actorId","data"}` for the tickets the caller may see ' +
          '(customers: public events of their own tickets only). A comment line is sent every 20 s; the client reconnects after 3 s.',
        produces: ['text/event-stream'],
        response: { 200: z.string().describe('text/event-stream') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const subscriber: Subscriber = { actor, organisationShares: await organisationShares(deps, actor) };
      // Checked and counted without an await in between, so parallel connects cannot slip past.
      const streams = streamsOf.get(actor.id) ?? 0;
      if (streams >= MAX_STREAMS_PER_ACCOUNT) {
        throw new AppError('rate_limited', `This account has ${MAX_STREAMS_PER_ACCOUNT} live connections open already. Close a browser tab or window and try again.`);
      }
      streamsOf.set(actor.id, streams + 1);

      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      stream.write(`retry: ${RETRY_MS}\n\n`);
      open.add(stream);

      const unsubscribe = deps.events.subscribe((event) => {
        if (!mayReceive(subscriber, event)) return;
        stream.write(`event: ${event.type}\ndata: ${JSON.stringify(presentLiveEvent(event))}\n\n`);
      });
      const heartbeat = setInterval(() => {
        stream.write(': heartbeat\n\n');
        // What the caller may see can change while the stream is open: groups, role, and
        // whether their organisation shares its tickets.
        currentActor(deps, request, actor)
          .then(async (fresh) => {
            if (!fresh) return stream.end();
            subscriber.organisationShares = await organisationShares(deps, fresh);
            subscriber.actor = fresh;
          })
          .catch((error: unknown) => request.log.warn({ err: error }, 'could not re-check a live event subscriber'));
      }, heartbeatMs);
      heartbeat.unref();
      let cleaned = false;
      const cleanUp = () => {
        if (cleaned) return;
        cleaned = true;
        const left = (streamsOf.get(actor.id) ?? 1) - 1;
        if (left > 0) streamsOf.set(actor.id, left);
        else streamsOf.delete(actor.id);
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(stream);
      };
      request.raw.once('close', cleanUp);
      stream.once('close', cleanUp);
    },
  );
}
