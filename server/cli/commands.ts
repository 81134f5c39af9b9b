import { migrateToLatest } from '../db/migrate.ts';
import { demo } from './demo-command.ts';
import { backup, restore } from './backup-commands.ts';
import { withInstallation } from './open.ts';
import { serve } from './serve.ts';
import { tokenAdd, userAdd } from './user-commands.ts';

export type Command = (args: string[]) => Promise<number | void>;

/** Every CLI command by name ("user add" for two-word commands). */
export const COMMANDS: Record<string, Command> = {
  serve,
  migrate: () =>
    withInstallation(async ({ database }) => {
      const applied = await migrateToLatest(database.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
    }),
  'user add': userAdd,
  'token add': tokenAdd,
  demo,
  backup,
  restore,
};
