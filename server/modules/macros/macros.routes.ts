import type { App, Deps } from '../../platform/http/context.ts';
import { requireAgent } from '../auth/auth-plugin.ts';
import { channelOf } from '../tickets/channel-of.ts';
import { withAbilities } from '../tickets/ticket-for-actor.ts';
import { loadVisibleTicket } from '../tickets/tickets.queries.ts';
import {
  applyMacroBody,
  applyMacroResponse,
  listTextsQuery,
  macroBody,
  macroListSchema,
  macroParams,
  macroSchema,
  renderedTextSchema,
  renderSnippetQuery,
  snippetBody,
  snippetListSchema,
  snippetSchema,
  updateMacroBody,
  updateSnippetBody,
} from '../../../shared/contracts/macros.ts';
import { ticketParams } from '../../../shared/contracts/tickets.ts';
import { AppError } from '../../platform/errors.ts';
import { applyMacro } from './apply-macro.ts';
import { presentMacro, presentSnippet } from './macros.presenter.ts';
import { listMacros, listSnippets, loadSnippet } from './macros.queries.ts';
import { renderForTicket } from './render-for-ticket.ts';
import { createMacro, deleteMacro, updateMacro } from './save-macro.ts';
import { createSnippet, deleteSnippet, updateSnippet } from './save-snippet.ts';

/** Macros and text snippets (agents; shared ones managed by admins) and applying them to a ticket. */
export async function macroRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['macros'];

  app.get(
    '/snippets',
    { schema: { tags, summary: 'Text snippets you may use: yours, shared and your groups’ (agents)', querystring: listTextsQuery, response: { 200: snippetListSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      return { items: (await listSnippets(deps.db, actor, request.query.q)).map((row) => presentSnippet(actor, row)) };
    },
  );

  app.post('/snippets', { schema: { tags, summary: 'Create a text snippet: personal (agents) or shared (admins)', body: snippetBody, response: { 201: snippetSchema } } }, async (request, reply) => {
    const actor = requireAgent(request);
    const row = await deps.db.transaction().execute((trx) => createSnippet(trx, actor, request.body));
    return reply.status(201).send(presentSnippet(actor, row));
  });

  app.patch(
    '/snippets/:id',
    { schema: { tags, summary: 'Change a text snippet (your own; shared ones: admins)', params: macroParams, body: updateSnippetBody, response: { 200: snippetSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      return presentSnippet(actor, await deps.db.transaction().execute((trx) => updateSnippet(trx, actor, request.params.id, request.body)));
    },
  );

  app.delete('/snippets/:id', { schema: { tags, summary: 'Delete a text snippet (your own; shared ones: admins)', params: macroParams } }, async (request, reply) => {
    const actor = requireAgent(request);
    await deps.db.transaction().execute((trx) => deleteSnippet(trx, actor, request.params.id));
    return reply.status(204).send();
  });

  app.get(
    '/snippets/:id/render',
    { schema: { tags, summary: 'A snippet filled in for a ticket, in its requester’s language', params: macroParams, querystring: renderSnippetQuery, response: { 200: renderedTextSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      const snippet = await loadSnippet(deps.db, actor, request.params.id);
      const ticket = await loadVisibleTicket(deps.db, actor, request.query.ticketId);
      const rendered = await renderForTicket(deps.db, actor, ticket, { de: snippet.body_de, en: snippet.body_en });
      if (!rendered) throw new AppError('conflict', 'This text snippet has no text.');
      return rendered;
    },
  );

  app.get(
    '/macros',
    { schema: { tags, summary: 'Macros you may apply: yours, shared and your groups’ (agents)', querystring: listTextsQuery, response: { 200: macroListSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      return { items: (await listMacros(deps.db, actor, request.query.q)).map((row) => presentMacro(actor, row)) };
    },
  );

  app.post('/macros', { schema: { tags, summary: 'Create a macro: personal (agents) or shared (admins)', body: macroBody, response: { 201: macroSchema } } }, async (request, reply) => {
    const actor = requireAgent(request);
    const row = await deps.db.transaction().execute((trx) => createMacro(trx, actor, request.body));
    return reply.status(201).send(presentMacro(actor, row));
  });

  app.patch(
    '/macros/:id',
    { schema: { tags, summary: 'Change a macro (your own; shared ones: admins)', params: macroParams, body: updateMacroBody, response: { 200: macroSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      return presentMacro(actor, await deps.db.transaction().execute((trx) => updateMacro(trx, actor, request.params.id, request.body)));
    },
  );

  app.delete('/macros/:id', { schema: { tags, summary: 'Delete a macro (your own; shared ones: admins)', params: macroParams } }, async (request, reply) => {
    const actor = requireAgent(request);
    await deps.db.transaction().execute((trx) => deleteMacro(trx, actor, request.params.id));
    return reply.status(204).send();
  });

  app.post(
    '/tickets/:id/apply-macro',
    {
      schema: {
        tags,
        summary: 'Apply a macro: its field changes at the version you saw (409 when stale); its reply filled in for your composer (not sent)',
        params: ticketParams,
        body: applyMacroBody,
        response: { 200: applyMacroResponse },
      },
    },
    async (request) => {
      const actor = requireAgent(request);
      const result = await applyMacro(deps.db, actor, request.params.id, request.body, channelOf(actor));
      return { ...result, ticket: await withAbilities(deps.db, actor, result.ticket) };
    },
  );
}
