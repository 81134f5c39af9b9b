import { type CommandIo, PROCESS_IO, UsageError } from './args.ts';
import { COMMANDS } from './commands.ts';

const USAGE = `Usage: anlauf <command>
  serve [--roles web,worker,mail]   serve Anlauf (all roles by default)
  migrate                           bring the database schema up to date
  user add --email E --name N --role customer|agent|admin [--password P] [--group NAME]… [--org NAME]
  token add --email E [--name LABEL]
  demo [--tickets N]                load demo data in German and English
  backup FILE / restore FILE        back up or restore the whole installation`;

/** Runs one CLI command; returns the exit code. Failures are one line on stderr. */
export async function main(argv: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  const [first, second] = argv;
  if (!first || first === '--help' || first === 'help') {
    io.out(USAGE);
    return first ? 0 : 2;
  }
  const twoWord = second ? COMMANDS[`${first} ${second}`] : undefined;
  const command = twoWord ?? COMMANDS[first];
  const rest = argv.slice(twoWord ? 2 : 1);
  if (!command) {
    io.err(`anlauf: unknown command "${argv.slice(0, 2).join(' ')}". Run "anlauf --help".`);
    return 2;
  }
  try {
    return (await command(rest, io)) ?? 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`anlauf: ${message.split('\n')[0]}`);
    return error instanceof UsageError ? 2 : 1;
  }
}
