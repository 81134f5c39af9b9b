import type { Id, Defaulted } from './column-types.ts';

/** Problem management (modules/problems). */

/** status: 'open' | 'known_error' | 'resolved' | 'closed'. Texts are Markdown. */
export interface ProblemsTable {
  id: Id;
  title: string;
  description: Defaulted<string>;
  status: Defaulted<string>;
  root_cause: Defaulted<string>;
  workaround: Defaulted<string>;
  owner_group_id: number | null;
  owner_id: number | null;
  created_by: number | null;
  version: Defaulted<number>;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The incidents of a problem; ticket_id is the key: a ticket belongs to at most one problem. */
export interface ProblemTicketsTable {
  ticket_id: number;
  problem_id: number;
  linked_by: number | null;
  created_at: string;
}
