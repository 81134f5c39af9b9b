/**
 * Macros (one click: set ticket fields and put a reply into the composer) and text snippets
 * (reusable text), each in German and English, with placeholders. Personal ones belong to one
 * agent; shared ones are managed by admins, for everyone or for one group's agents.
 */
import { z } from 'zod';
import { LIMITS, TICKET_PRIORITIES, TICKET_STATUSES } from '../enums.ts';
import { ticketSchema } from './tickets.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const bodyId = z.number().int().positive().max(2_147_483_647);
const name = z.string().trim().min(1, 'Enter a name.').max(LIMITS.nameMax, `At most ${LIMITS.nameMax} characters.`);
const text = z.string().max(20_000, 'At most 20,000 characters.');

/** What a text may contain in double braces; the web app lists them beside the editor. */
export const PLACEHOLDERS = ['requester.name', 'requester.firstName', 'ticket.number', 'ticket.subject', 'agent.name'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const TEXT_SCOPES = ['personal', 'shared'] as const;
export type TextScope = (typeof TEXT_SCOPES)[number];
const scope = z.enum(TEXT_SCOPES).describe('personal: yours alone (any agent); shared: for every agent, or for one group with groupId (admins).');
const groupId = bodyId.nullable().optional().describe('Shared with the agents of this group only; null or left out: with everyone. Not for personal ones.');

export const macroParams = z.strictObject({ id });
export const listTextsQuery = z.strictObject({ q: z.string().trim().max(200).optional() });

export const snippetBody = z.strictObject({ name, scope, groupId, bodyDe: text.default(''), bodyEn: text.default('') });
export type SnippetBody = z.infer<typeof snippetBody>;
export type SnippetInput = z.input<typeof snippetBody>;
export const updateSnippetBody = z.strictObject({ name: name.optional(), groupId, bodyDe: text.optional(), bodyEn: text.optional() });
export type UpdateSnippetBody = z.infer<typeof updateSnippetBody>;
export type UpdateSnippetInput = z.input<typeof updateSnippetBody>;

const person = z.object({ id: z.number(), name: z.string() });
export const snippetSchema = z.object({
  id: z.number(),
  name: z.string(),
  scope: z.enum(TEXT_SCOPES),
  groupId: z.number().nullable(),
  owner: person.nullable(),
  bodyDe: z.string(),
  bodyEn: z.string(),
  /** Whether the caller may change or delete it. */
  editable: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SnippetDto = z.infer<typeof snippetSchema>;
export const snippetListSchema = z.object({ items: z.array(snippetSchema) });
export type SnippetListDto = z.infer<typeof snippetListSchema>;

export const macroChanges = z.strictObject({
  status: z.enum(TICKET_STATUSES).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  groupId: bodyId.optional(),
  categoryId: bodyId.nullable().optional(),
  assignToSelf: z.boolean().optional().describe('Assign the ticket to the agent who applies the macro.'),
});
export type MacroChanges = z.infer<typeof macroChanges>;

export const macroBody = z.strictObject({ name, scope, groupId, changes: macroChanges.default({}), replyDe: text.default(''), replyEn: text.default('') });
export type MacroBody = z.infer<typeof macroBody>;
export type MacroInput = z.input<typeof macroBody>;
export const updateMacroBody = z.strictObject({ name: name.optional(), groupId, changes: macroChanges.optional(), replyDe: text.optional(), replyEn: text.optional() });
export type UpdateMacroBody = z.infer<typeof updateMacroBody>;
export type UpdateMacroInput = z.input<typeof updateMacroBody>;

export const macroSchema = snippetSchema.omit({ bodyDe: true, bodyEn: true }).extend({ changes: macroChanges, replyDe: z.string(), replyEn: z.string() });
export type MacroDto = z.infer<typeof macroSchema>;
export const macroListSchema = z.object({ items: z.array(macroSchema) });
export type MacroListDto = z.infer<typeof macroListSchema>;

/** A text with its placeholders filled in for one ticket, in the requester's language (or the other one when that text is empty). */
export const renderedTextSchema = z.object({ text: z.string(), locale: z.enum(['de', 'en']) });
export type RenderedTextDto = z.infer<typeof renderedTextSchema>;
export const renderSnippetQuery = z.strictObject({ ticketId: id });

export const applyMacroBody = z.strictObject({ macroId: bodyId, version: z.number().int().positive() });
export type ApplyMacroInput = z.input<typeof applyMacroBody>;
/** The changed ticket, and the macro's reply for the composer (the agent reviews it before sending); reply null when the macro has none. */
export const applyMacroResponse = z.object({ ticket: ticketSchema, reply: renderedTextSchema.nullable() });
export type ApplyMacroDto = z.infer<typeof applyMacroResponse>;
