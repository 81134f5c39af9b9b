import { createApiToken } from '../../modules/auth/auth.queries.ts';
import { findGroupByName } from '../../modules/groups/groups.queries.ts';
import { createUser, normaliseEmail } from '../../modules/users/create-user.ts';
import { presentUser } from '../../modules/users/users.presenter.ts';
import { ROLES, type Role } from '../../../shared/enums.ts';
import { type CommandIo, parse, PROCESS_IO, UsageError } from './args.ts';
import { withInstallation } from './open.ts';

export async function userAdd(args: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  const { values } = parse(args, {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    password: { type: 'string' },
    group: { type: 'string', multiple: true },
    org: { type: 'string' },
    locale: { type: 'string' },
  });
  if (!values.email || !/^[^\s@]+@[^\s@]+$/.test(values.email)) throw new UsageError('--email needs an e-mail address');
  if (!values.name?.trim()) throw new UsageError('--name is required');
  if (!values.role || !(ROLES as readonly string[]).includes(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  if (values.locale && values.locale !== 'de' && values.locale !== 'en') throw new UsageError('--locale must be de or en');
  return withInstallation(async ({ database }) => {
    const db = database.db;
    const result = await db.transaction().execute(async (trx) => {
      const groupIds: number[] = [];
      for (const name of values.group ?? []) {
        const group = await findGroupByName(trx, name);
        if (!group) throw new Error(`there is no group named "${name}"`);
        groupIds.push(group.id);
      }
      // Without --org the address's mail domain decides (createUser).
      let organisationId: number | undefined;
      if (values.org) {
        const org = await trx.selectFrom('organisations').select('id').where('name', '=', values.org).executeTakeFirst();
        if (!org) throw new Error(`there is no organisation named "${values.org}"`);
        organisationId = org.id;
      }
      return createUser(trx, {
        email: values.email!,
        name: values.name!,
        role: values.role as Role,
        password: values.password,
        locale: values.locale,
        groupIds,
        organisationId,
        emailVerified: true,
      });
    });
    io.out(JSON.stringify(presentUser(result.user, result.groupIds)));
    return 0;
  }, io.config());
}

export async function tokenAdd(args: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  const { values } = parse(args, { email: { type: 'string' }, name: { type: 'string' } });
  if (!values.email) throw new UsageError('--email is required');
  return withInstallation(async ({ database }) => {
    const user = await database.db.selectFrom('users').select(['id', 'active']).where('email', '=', normaliseEmail(values.email!)).executeTakeFirst();
    if (!user || !user.active) throw new Error(`there is no active user with the e-mail address ${values.email}`);
    const { token } = await createApiToken(database.db, user.id, values.name ?? 'cli');
    io.out(token);
    return 0;
  }, io.config());
}
