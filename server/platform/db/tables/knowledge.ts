import type { Id, Bool, Defaulted } from './column-types.ts';

/** Knowledge-base tables (modules/knowledge). */

/** Knowledge-base articles (modules/knowledge). tags is a JSON array of strings. */
export interface KbArticlesTable {
  id: Id;
  slug: string;
  title: string;
  body: string;
  locale: string;
  /** 'public' | 'internal' | 'organisation' (requesters of organisation_id only). */
  visibility: string;
  organisation_id: number | null;
  /** 'draft' | 'published' | 'archived'. */
  status: string;
  category_id: number | null;
  translation_of: number | null;
  tags: Defaulted<string>;
  version: Defaulted<number>;
  views: Defaulted<number>;
  helpful_count: Defaulted<number>;
  unhelpful_count: Defaulted<number>;
  author_id: number | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  /** 'solution' | 'workaround' when the article is the known answer of solution_category_id. */
  solution_kind: Defaulted<string | null>;
  solution_category_id: Defaulted<number | null>;
  /** The problem whose known solution or workaround this is (modules/problems), beside or instead of a category. */
  solution_problem_id: Defaulted<number | null>;
}

/** An article as it was before a change (the version number it had then). */
export interface KbArticleVersionsTable {
  id: Id;
  article_id: number;
  version: number;
  title: string;
  body: string;
  locale: string;
  visibility: string;
  organisation_id: number | null;
  status: string;
  category_id: number | null;
  tags: string;
  edited_by: number | null;
  created_at: string;
}

export interface KbFeedbackTable {
  id: Id;
  article_id: number;
  user_id: number | null;
  helpful: Bool;
  comment: Defaulted<string>;
  created_at: string;
}

/** 'shown' | 'clicked' | 'deflected': what the portal and help center did with suggestions. */
export interface KbEventsTable {
  id: Id;
  kind: string;
  article_id: number | null;
  category_id: number | null;
  user_id: number | null;
  query: Defaulted<string>;
  created_at: string;
}

/** The articles that solved a ticket. source: 'agent' (linked on the ticket) | 'reply' (a reply carried its address). */
export interface KbTicketLinksTable {
  id: Id;
  ticket_id: number;
  article_id: number;
  source: string;
  linked_by: number | null;
  created_at: string;
}
