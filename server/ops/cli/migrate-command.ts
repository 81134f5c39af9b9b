import { migrateToLatest } from '../../platform/db/migrate.ts';
import { withInstallation } from './open.ts';

export function migrate(): Promise<void> {
  return withInstallation(async ({ database }) => {
    const applied = await migrateToLatest(database.db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
  });
}
