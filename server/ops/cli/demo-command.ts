import { runDemo } from '../demo/run-demo.ts';
import { type CommandIo, parse, PROCESS_IO, UsageError } from './args.ts';
import { withInstallation } from './open.ts';

/** anlauf demo [--tickets N]: loads demo data and prints how to sign in. */
export async function demo(args: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  const { values } = parse(args, { tickets: { type: 'string' } });
  const tickets = values.tickets === undefined ? 200 : Number(values.tickets);
  if (!Number.isInteger(tickets) || tickets < 0 || tickets > 10_000_000) throw new UsageError('--tickets must be a whole number between 0 and 10000000');
  return withInstallation(async ({ database }) => {
    const summary = await runDemo(database.db, database.dialect, { tickets, sqlite: database.sqlite });
    const c = summary.created;
    io.out(
      `Demo data loaded: ${summary.tickets} tickets with ${summary.messages} messages; new: ${c.users} users, ${c.organisations} organisations, ${c.groups} groups, ${c.categories} categories (${(summary.ms / 1000).toFixed(1)} s).`,
    );
    io.out(`  Agent:    ${summary.agent.email} / ${summary.agent.password}`);
    io.out(`  Customer: ${summary.customer.email} / ${summary.customer.password}`);
    return 0;
  }, io.config());
}
