/** The knowledge base: articles, their versions, suggestions, feedback and deflection events. */
import { z } from 'zod';
import { LIMITS } from '../enums.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const refId = z.number().int().positive().max(2_147_483_647);

export const KB_LOCALES = ['de', 'en'] as const;
export const KB_VISIBILITIES = ['public', 'internal', 'organisation'] as const;
export const KB_STATUSES = ['draft', 'published', 'archived'] as const;

const title = z.string().trim().min(1, 'Enter a title.').max(LIMITS.subjectMax, `At most ${LIMITS.subjectMax} characters.`);
const body = z.string().max(LIMITS.bodyMaxChars, `At most ${LIMITS.bodyMaxChars} characters.`);
const tags = z
  .array(z.string().trim().min(1, 'Tags cannot be empty.').max(LIMITS.tagMax, `At most ${LIMITS.tagMax} characters per tag.`))
  .max(LIMITS.tagsPerTicket, `At most ${LIMITS.tagsPerTicket} tags.`);
const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lower-case letters, digits and single hyphens.')
  .max(120, 'At most 120 characters.');

export const articleParams = z.strictObject({ id });
export const articleSlugParams = z.strictObject({ slug: z.string().max(200, 'At most 200 characters.') });
export const articleVersionParams = z.strictObject({ id, version: id });

export const KB_SOLUTION_KINDS = ['solution', 'workaround'] as const;
const solution = {
  solutionKind: z.enum(KB_SOLUTION_KINDS, 'solution or workaround.').nullable().optional().describe('The article is the known solution or workaround of solutionCategoryId and/or solutionProblemId.'),
  solutionCategoryId: refId.nullable().optional().describe('The category whose known solution this is (with solutionKind).'),
  solutionProblemId: refId.nullable().optional().describe('The problem whose known solution or workaround this is (with solutionKind; agents only).'),
};

export const createArticleBody = z.strictObject({
  title,
  body,
  locale: z.enum(KB_LOCALES, 'de or en.'),
  visibility: z.enum(KB_VISIBILITIES, 'public, internal or organisation.'),
  status: z.enum(['draft', 'published'], 'draft or published.'),
  organisationId: refId.nullable().optional().describe('With visibility "organisation": the organisation whose requesters may read it.'),
  categoryId: refId.nullable().optional(),
  translationOf: refId.nullable().optional().describe('The article this one translates (the other language).'),
  tags: tags.optional(),
  slug: slug.optional().describe('Readable address; made from the title when left out.'),
  ...solution,
});
export type CreateArticleBody = z.infer<typeof createArticleBody>;
export type CreateArticleInput = z.input<typeof createArticleBody>;

export const updateArticleBody = z.strictObject({
  version: z.number().int().min(1, 'The version you edited.'),
  title: title.optional(),
  body: body.optional(),
  locale: z.enum(KB_LOCALES, 'de or en.').optional(),
  visibility: z.enum(KB_VISIBILITIES, 'public, internal or organisation.').optional(),
  status: z.enum(KB_STATUSES, 'draft, published or archived.').optional(),
  organisationId: refId.nullable().optional(),
  categoryId: refId.nullable().optional(),
  translationOf: refId.nullable().optional(),
  tags: tags.optional(),
  slug: slug.optional(),
  ...solution,
});
export type UpdateArticleBody = z.infer<typeof updateArticleBody>;
export type UpdateArticleInput = z.input<typeof updateArticleBody>;

export const restoreArticleBody = z.strictObject({ version: z.number().int().min(1, 'The current version of the article.') });

const flag = z.enum(['true', 'false'], 'Must be true or false.').transform((v) => v === 'true');
export const listArticlesQuery = z.strictObject({
  q: z.string().max(500, 'At most 500 characters.').optional(),
  locale: z.enum(KB_LOCALES, 'de or en.').optional(),
  categoryId: id.optional(),
  status: z.enum(KB_STATUSES, 'draft, published or archived.').optional().describe('Agents: only articles in this state.'),
  tag: z.string().trim().toLowerCase().max(LIMITS.tagMax, `At most ${LIMITS.tagMax} characters.`).optional().describe('Only articles with this tag (the help center lists tag "faq" as its FAQ).'),
  sort: z.enum(['recent', 'views'], 'recent or views.').optional().describe('Without q: recently updated (default) or most viewed.'),
  limit: z.coerce.number().int().min(1, 'At least 1.').max(LIMITS.pageSizeMax, `At most ${LIMITS.pageSizeMax}.`).optional(),
  withBody: flag.optional().describe('false leaves the bodies out (lists).'),
});
export type ListArticlesQuery = z.infer<typeof listArticlesQuery>;

export const suggestionsQuery = z.strictObject({
  q: z.string().max(2000, 'At most 2000 characters.'),
  limit: z.coerce.number().int().min(1, 'At least 1.').max(20, 'At most 20.').optional(),
  locale: z.enum(KB_LOCALES, 'de or en.').optional().describe('Preferred language when both translations match.'),
});
export type SuggestionsQuery = z.infer<typeof suggestionsQuery>;

export const feedbackBody = z.strictObject({
  helpful: z.boolean('true or false.'),
  comment: z.string().trim().max(2000, 'At most 2000 characters.').optional(),
});
export type FeedbackInput = z.input<typeof feedbackBody>;

export const kbEventBody = z.strictObject({
  kind: z.enum(['shown', 'clicked', 'deflected'], 'shown, clicked or deflected.'),
  articleId: refId,
  query: z.string().max(2000, 'At most 2000 characters.').optional(),
});
export type KbEventInput = z.input<typeof kbEventBody>;

/** Where a text matches the search, as [start, end) offsets into it (JavaScript string indices). */
const marks = z.array(z.tuple([z.number(), z.number()]));
/**
 * A search result's highlights, by the search's own analysis (stems, folding, compound parts,
 * synonyms): the title's marks and a plain-text excerpt of the body around the first match.
 * The web app renders them as text with <mark>, never as HTML.
 */
export const articleHighlightSchema = z.object({ title: marks, excerpt: z.string(), excerptMarks: marks });
export type ArticleHighlightDto = z.infer<typeof articleHighlightSchema>;

export const articleSchema = z.object({
  id: z.number(),
  slug: z.string(),
  title: z.string(),
  body: z.string(),
  locale: z.enum(KB_LOCALES),
  visibility: z.enum(KB_VISIBILITIES),
  organisationId: z.number().nullable(),
  status: z.enum(KB_STATUSES),
  categoryId: z.number().nullable(),
  translationOf: z.number().nullable(),
  /** The other-language articles of the same group that the caller may see. */
  translations: z.array(z.object({ id: z.number(), slug: z.string(), locale: z.enum(KB_LOCALES), title: z.string() })),
  tags: z.array(z.string()),
  version: z.number(),
  views: z.number(),
  helpful: z.number(),
  unhelpful: z.number(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  solutionKind: z.enum(KB_SOLUTION_KINDS).nullable(),
  solutionCategoryId: z.number().nullable(),
  /** The problem whose known solution or workaround this is; null for requesters and the public. */
  solutionProblemId: z.number().nullable(),
  /** Suggestions and searches: how well it matched (higher is better). */
  score: z.number().optional(),
  /** Searches (q): where the title and an excerpt of the body match. */
  highlight: articleHighlightSchema.optional(),
});
export type ArticleDto = z.infer<typeof articleSchema>;
export const articleListSchema = z.object({ items: z.array(articleSchema) });
export type ArticleListDto = z.infer<typeof articleListSchema>;

export const articleVersionSchema = z.object({
  version: z.number(),
  title: z.string(),
  body: z.string(),
  locale: z.enum(KB_LOCALES),
  visibility: z.enum(KB_VISIBILITIES),
  status: z.enum(KB_STATUSES),
  categoryId: z.number().nullable(),
  tags: z.array(z.string()),
  editedBy: z.number().nullable(),
  createdAt: z.string(),
});
export const articleVersionListSchema = z.object({ items: z.array(articleVersionSchema) });
export type ArticleVersionDto = z.infer<typeof articleVersionSchema>;

export const createdSchema = z.object({ status: z.literal('recorded') });

/** The help center's menu: categories with articles the caller may read. */
export const kbCategoryListSchema = z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), nameEn: z.string().nullable(), articles: z.number() })) });

/** Images in articles: uploaded by authors, referenced from the Markdown by their url. */
export const kbImageParams = z.strictObject({ id });
export const kbImageSchema = z.object({ id: z.number(), url: z.string(), filename: z.string(), contentType: z.string(), size: z.number() });
export type KbImageDto = z.infer<typeof kbImageSchema>;
export const kbImageUploadSchema = z.object({ items: z.array(kbImageSchema) });
