import type { Bool, Defaulted, Id } from './column-types.ts';

/** Automation tables (modules/automation). */

export interface TriggersTable {
  id: Id;
  name: string;
  /** Tried in this order (1 first). */
  position: number;
  active: Defaulted<Bool>;
  /** JSON array of trigger events: ["created", "requester_replied", …]. */
  events: string;
  /** 'all' or 'any' of the conditions. */
  match: Defaulted<string>;
  /** JSON array of conditions (shared/contracts/automation.ts). */
  conditions: Defaulted<string>;
  /** JSON array of actions. */
  actions: string;
  created_at: string;
  updated_at: string;
}

/** One row, id 1: the time rules. */
export interface AutomationSettingsTable {
  id: number;
  auto_close_enabled: Defaulted<Bool>;
  auto_close_days: Defaulted<number>;
  updated_at: string;
}

/** One row per time-rule slot that ran. */
export interface AutomationRunsTable {
  slot: string;
  closed: Defaulted<number>;
  created_at: string;
}
