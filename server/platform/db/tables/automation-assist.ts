import type { Id } from './column-types.ts';

/** Automatic assignment (modules/assignment), macros and text snippets (modules/macros). */

export interface AssignmentRotationTable {
  group_id: number;
  /** The agent who got the group's last ticket automatically. */
  last_user_id: number | null;
  updated_at: string;
}

export interface TextSnippetsTable {
  id: Id;
  /** Set: personal (that agent's own). Null: shared. */
  owner_id: number | null;
  /** Shared with one group's agents; null: with everyone (or personal). */
  group_id: number | null;
  name: string;
  body_de: string;
  body_en: string;
  created_at: string;
  updated_at: string;
}

export interface MacrosTable {
  id: Id;
  owner_id: number | null;
  group_id: number | null;
  name: string;
  /** JSON: { status?, priority?, groupId?, categoryId?, assignToSelf? }. */
  changes: string;
  reply_de: string;
  reply_en: string;
  created_at: string;
  updated_at: string;
}
