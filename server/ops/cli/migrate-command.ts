import { type CommandIo, PROCESS_IO } from './args.ts';
import { withInstallation } from './open.ts';

/** `anlauf migrate`: opening the installation migrates it; this says what that applied. */
export function migrate(io: CommandIo = PROCESS_IO): Promise<void> {
  return withInstallation(async ({ applied }) => {
    io.out(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
  }, io.config());
}
