export type Command = (args: string[]) => Promise<number | void>;

/**
 * Every CLI command by name ("user add" for two-word commands). Each loads its module only
 * when it runs, so that `anlauf user add` does not pay for loading the web server and mail.
 */
export const COMMANDS: Record<string, Command> = {
  serve: async (args) => (await import('./serve.ts')).serve(args),
  migrate: async () => (await import('./migrate-command.ts')).migrate(),
  'user add': async (args) => (await import('./user-commands.ts')).userAdd(args),
  'token add': async (args) => (await import('./user-commands.ts')).tokenAdd(args),
  demo: async (args) => (await import('./demo-command.ts')).demo(args),
  backup: async (args) => (await import('./backup-commands.ts')).backup(args),
  restore: async (args) => (await import('./backup-commands.ts')).restore(args),
  'mail import': async (args) => (await import('../../modules/mail/import-mail-command.ts')).importMailCommand(args),
};
