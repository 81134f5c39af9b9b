import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';

/**
 * Who reads which article, as a condition inside every article query (what a caller may not
 * see is a 404, and never reaches a list, a search or a suggestion):
 * - agents and admins: every article, drafts, internal and archived ones included;
 * - requesters: published articles that are public or meant for their organisation;
 * - anonymous visitors (help center): published public articles.
 * `publishedOnly` narrows agents too (suggestions show only finished answers).
 */
export function visibleArticles(actor: Actor | null, options: { publishedOnly?: boolean } = {}): RawBuilder<SqlBool> {
  if (actor && canWriteArticles(actor)) return options.publishedOnly ? sql<SqlBool>`kb_articles.status = 'published'` : sql<SqlBool>`1 = 1`;
  if (actor?.organisationId) {
    return sql<SqlBool>`(kb_articles.status = 'published' AND (kb_articles.visibility = 'public' OR (kb_articles.visibility = 'organisation' AND kb_articles.organisation_id = ${actor.organisationId})))`;
  }
  return sql<SqlBool>`(kb_articles.status = 'published' AND kb_articles.visibility = 'public')`;
}

/** Agents and admins write articles and read their history. */
export function canWriteArticles(actor: Actor): boolean {
  return actor.role === 'agent' || actor.role === 'admin';
}

/** Views are counted for the readers articles are written for, not for their authors. */
export function countsAsReader(actor: Actor | null): boolean {
  return !actor || actor.role === 'customer';
}
