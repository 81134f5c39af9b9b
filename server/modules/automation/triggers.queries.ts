import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { TriggersTable } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { TriggerAction, TriggerCondition, TriggerDto, TriggerEvent } from '../../../shared/contracts/automation.ts';

export type TriggerRow = Selectable<TriggersTable>;

/** A stored trigger with its JSON read (written only through save-trigger.ts, which validates it). */
export interface Trigger {
  id: number;
  name: string;
  position: number;
  active: boolean;
  events: TriggerEvent[];
  match: 'all' | 'any';
  conditions: TriggerCondition[];
  actions: TriggerAction[];
  createdAt: string;
  updatedAt: string;
}

export function readTrigger(row: TriggerRow): Trigger {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    active: row.active === 1,
    events: JSON.parse(row.events) as TriggerEvent[],
    match: row.match === 'any' ? 'any' : 'all',
    conditions: JSON.parse(row.conditions) as TriggerCondition[],
    actions: JSON.parse(row.actions) as TriggerAction[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const presentTrigger = (trigger: Trigger): TriggerDto => ({ ...trigger });

/** Every trigger in the order they are tried. */
export async function listTriggers(db: Executor, only: 'all' | 'active' = 'all'): Promise<Trigger[]> {
  const rows = await db
    .selectFrom('triggers')
    .selectAll()
    .$if(only === 'active', (qb) => qb.where('active', '=', 1))
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(readTrigger);
}

export async function loadTrigger(db: Executor, id: number): Promise<Trigger> {
  const row = await db.selectFrom('triggers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', `Trigger ${id} does not exist.`);
  return readTrigger(row);
}
