import { migrateToLatest } from '../../platform/db/migrate.ts';
import { type CommandIo, PROCESS_IO } from './args.ts';
import { withInstallation } from './open.ts';

export function migrate(io: CommandIo = PROCESS_IO): Promise<void> {
  return withInstallation(async ({ database }) => {
    const applied = await migrateToLatest(database.db);
    io.out(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
  }, io.config());
}
