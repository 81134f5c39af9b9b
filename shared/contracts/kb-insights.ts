/** The knowledge base for its authors: ticket links, known solutions, feedback, review list and deflection report. */
import { z } from 'zod';
import { KB_LOCALES, KB_STATUSES } from './knowledge.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const refId = z.number().int().positive().max(2_147_483_647);

export const ticketArticleParams = z.strictObject({ id });
export const ticketArticleLinkParams = z.strictObject({ id, articleId: id });
export const linkArticleBody = z.strictObject({ articleId: refId });

export const ticketArticleLinkSchema = z.object({
  article: z.object({ id: z.number(), slug: z.string(), title: z.string(), locale: z.enum(KB_LOCALES) }),
  /** agent: linked on the ticket; reply: a reply carried the article. */
  source: z.enum(['agent', 'reply']),
  linkedAt: z.string(),
});
export const ticketArticleLinkListSchema = z.object({ items: z.array(ticketArticleLinkSchema) });
export type TicketArticleLinkDto = z.infer<typeof ticketArticleLinkSchema>;

export const knownSolutionsQuery = z.strictObject({ categoryId: id });

/** "Create article from this ticket": a draft prefilled from the subject and the agent's last public reply. */
export const articleDraftSchema = z.object({ title: z.string(), body: z.string(), locale: z.enum(KB_LOCALES), categoryId: z.number().nullable(), ticketId: z.number() });
export type ArticleDraftDto = z.infer<typeof articleDraftSchema>;

export const articleFeedbackSchema = z.object({
  views: z.number(),
  helpful: z.number(),
  unhelpful: z.number(),
  /** Tickets this article solved (linked). */
  linkedTickets: z.number(),
  comments: z.array(z.object({ helpful: z.boolean(), comment: z.string(), createdAt: z.string() })),
});
export type ArticleFeedbackDto = z.infer<typeof articleFeedbackSchema>;

export const reviewQuery = z.strictObject({
  minVotes: z.coerce.number().int().min(1, 'At least 1.').max(10_000, 'At most 10000.').optional().describe('Poor feedback counts from this many votes on (default 5).'),
  maxHelpfulShare: z.coerce.number().min(0, 'Between 0 and 1.').max(1, 'Between 0 and 1.').optional().describe('Poor feedback: a helpful share below this (default 0.5).'),
  staleMonths: z.coerce.number().int().min(1, 'At least 1.').max(120, 'At most 120.').optional().describe('Old: not updated for this many months (default 12).'),
});
export type ReviewQuery = z.infer<typeof reviewQuery>;

export const reviewItemSchema = z.object({
  id: z.number(),
  slug: z.string(),
  title: z.string(),
  locale: z.enum(KB_LOCALES),
  status: z.enum(KB_STATUSES),
  views: z.number(),
  helpful: z.number(),
  unhelpful: z.number(),
  helpfulShare: z.number().nullable(),
  updatedAt: z.string(),
  reasons: z.array(z.enum(['poor_feedback', 'stale'])),
});
export const reviewListSchema = z.object({ items: z.array(reviewItemSchema) });
export type ReviewItemDto = z.infer<typeof reviewItemSchema>;

export const deflectionQuery = z.strictObject({
  from: z.iso.date('Write dates as YYYY-MM-DD.'),
  to: z.iso.date('Write dates as YYYY-MM-DD.'),
});

export const deflectionRowSchema = z.object({
  categoryId: z.number().nullable(),
  name: z.string().nullable(),
  nameEn: z.string().nullable(),
  /** Suggestions shown and clicked, requests deflected ("this solved my problem"). */
  shown: z.number(),
  clicked: z.number(),
  deflected: z.number(),
  /** Tickets created in the category in the period. */
  tickets: z.number(),
  /** deflected / (deflected + tickets); null where both are 0. */
  deflectionRate: z.number().nullable(),
});
export const deflectionReportSchema = z.object({ from: z.string(), to: z.string(), rows: z.array(deflectionRowSchema), total: deflectionRowSchema });
export type DeflectionRowDto = z.infer<typeof deflectionRowSchema>;
