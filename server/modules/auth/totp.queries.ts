import { type Executor, nowIso } from '../../platform/db/database.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { decryptSecret, encryptSecret, secretKey } from '../../platform/secret-box.ts';
import { hashRecoveryCode, matchingStep, newRecoveryCodes, newTotpSecret, otpauthUrl } from './totp.ts';

/**
 * The TOTP secret is sealed with a key file in the data directory (`keys/totp-secrets.key`), so
 * a database dump alone does not reveal it; a backup needs the data directory anyway.
 */
const keys = new Map<string, Buffer>();
export function totpKey(dataDir: string): Buffer {
  let key = keys.get(dataDir);
  if (!key) keys.set(dataDir, (key = secretKey(dataDir, 'totp-secrets')));
  return key;
}

export async function totpStatus(db: Executor, userId: number) {
  const row = await db.selectFrom('user_totp').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
  const left = await db
    .selectFrom('totp_recovery_codes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { enabled: Boolean(row?.confirmed_at), pending: Boolean(row && !row.confirmed_at), recoveryCodesLeft: row?.confirmed_at ? Number(left.n) : 0 };
}

/** Starts (or starts again) a set-up; refused while two factors are on. */
export async function startTotpSetup(db: Executor, key: Buffer, user: { id: number; email: string }) {
  const existing = await db.selectFrom('user_totp').select('confirmed_at').where('user_id', '=', user.id).executeTakeFirst();
  if (existing?.confirmed_at) throw new AppError('conflict', 'Two-factor sign-in is already on. Switch it off first to set up another device.');
  const secret = newTotpSecret();
  const sealed = encryptSecret(key, secret);
  await db.deleteFrom('user_totp').where('user_id', '=', user.id).execute();
  await db.insertInto('user_totp').values({ user_id: user.id, secret: sealed, confirmed_at: null, last_used_step: null, created_at: nowIso() }).execute();
  return { secret, otpauthUrl: otpauthUrl(secret, user.email) };
}

/** The first code proves the app holds the secret; from then on sign-in needs one. */
export async function confirmTotp(db: Executor, key: Buffer, userId: number, code: string): Promise<string[]> {
  const row = await db.selectFrom('user_totp').select(['secret', 'confirmed_at']).where('user_id', '=', userId).executeTakeFirst();
  if (!row) throw new AppError('conflict', 'Start the set-up first (POST /api/v1/me/totp).');
  if (row.confirmed_at) throw new AppError('conflict', 'Two-factor sign-in is already on.');
  const step = matchingStep(decryptSecret(key, row.secret), code);
  if (step === null) throw invalid('The code does not match.', { code: 'Wrong code.' });
  await db.updateTable('user_totp').set({ confirmed_at: nowIso(), last_used_step: step }).where('user_id', '=', userId).execute();
  await db.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
  const codes = newRecoveryCodes();
  const now = nowIso();
  await db
    .insertInto('totp_recovery_codes')
    .values(codes.map((c) => ({ user_id: userId, code_hash: hashRecoveryCode(c), used_at: null, created_at: now })))
    .execute();
  return codes;
}

export async function hasSecondFactor(db: Executor, userId: number): Promise<boolean> {
  const row = await db.selectFrom('user_totp').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
  return Boolean(row?.confirmed_at);
}

/**
 * Checks a second factor: a 6-digit code within ±1 step that is newer than the last one
 * accepted (a code seen once — shoulder-surfed, phished in real time — cannot be used again),
 * or an unused recovery code, which is used up. Both are claimed by one conditional UPDATE, so
 * two requests with the same code cannot both pass.
 */
export async function verifySecondFactor(db: Executor, key: Buffer, userId: number, input: string): Promise<'code' | 'recovery' | 'invalid'> {
  const code = input.replace(/\s/g, '');
  if (/^\d{6}$/.test(code)) {
    const row = await db.selectFrom('user_totp').select('secret').where('user_id', '=', userId).where('confirmed_at', 'is not', null).executeTakeFirst();
    if (!row) return 'invalid';
    const step = matchingStep(decryptSecret(key, row.secret), code);
    if (step === null) return 'invalid';
    const claimed = await db
      .updateTable('user_totp')
      .set({ last_used_step: step })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1 ? 'code' : 'invalid';
  }
  const used = await db
    .updateTable('totp_recovery_codes')
    .set({ used_at: nowIso() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashRecoveryCode(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? 'recovery' : 'invalid';
}

export async function removeTotp(db: Executor, userId: number): Promise<boolean> {
  const removed = await db.deleteFrom('user_totp').where('user_id', '=', userId).executeTakeFirst();
  await db.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
  return Number(removed.numDeletedRows) > 0;
}
