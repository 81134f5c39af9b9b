import type { CommandIo } from './args.ts';

export type Command = (args: string[], io: CommandIo) => Promise<number | void>;

/**
 * Every CLI command by name ("user add" for two-word commands). Each loads its module only
 * when it runs, so that `anlauf user add` does not pay for loading the web server and mail.
 */
export const COMMANDS: Record<string, Command> = {
  // serve only runs as a process of its own: it reads the process's environment and prints to its console.
  serve: async (args) => (await import('./serve.ts')).serve(args),
  migrate: async (_args, io) => (await import('./migrate-command.ts')).migrate(io),
  'user add': async (args, io) => (await import('./user-commands.ts')).userAdd(args, io),
  'token add': async (args, io) => (await import('./user-commands.ts')).tokenAdd(args, io),
  demo: async (args, io) => (await import('./demo-command.ts')).demo(args, io),
  backup: async (args, io) => (await import('./backup-commands.ts')).backup(args, io),
  restore: async (args, io) => (await import('./backup-commands.ts')).restore(args, io),
  'mail import': async (args, io) => (await import('./import-mail-command.ts')).importMailCommand(args, io),
};
