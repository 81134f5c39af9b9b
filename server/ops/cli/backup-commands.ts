import { createBackup } from '../backup/create-backup.ts';
import { restoreBackup } from '../backup/restore-backup.ts';
import { type CommandIo, parse, PROCESS_IO, UsageError } from './args.ts';

const DIALECT_NAME = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

function fileArgument(args: string[], command: string): string {
  const { positionals } = parse(args, {}, true);
  if (positionals.length !== 1) throw new UsageError(`usage: anlauf ${command} FILE`);
  return positionals[0]!;
}

/** anlauf backup FILE: a consistent backup of the whole installation, also while it serves. */
export async function backup(args: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  const file = fileArgument(args, 'backup');
  const summary = await createBackup(io.config(), file);
  const missing = summary.missingAttachments ? `, ${summary.missingAttachments} attachment files were already missing` : '';
  io.out(
    `Backup written to ${summary.file}: ${summary.tickets} tickets, ${summary.rows} rows in ${summary.tables} tables, ${summary.attachments} attachment files (${DIALECT_NAME[summary.dialect]})${missing}.`,
  );
  return 0;
}

/** anlauf restore FILE: into the configured, empty installation; also from SQLite to PostgreSQL. */
export async function restore(args: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  const file = fileArgument(args, 'restore');
  const summary = await restoreBackup(io.config(), file);
  io.out(
    `Restored ${summary.file} (${DIALECT_NAME[summary.from]}, ${summary.createdAt}) into ${DIALECT_NAME[summary.into]}: ${summary.tickets} tickets, ${summary.rows} rows, ${summary.attachments} attachment files; search index rebuilt.`,
  );
  return 0;
}
