import type { Bool, Defaulted, Id } from './column-types.ts';

/** Two-factor sign-in (modules/auth/totp*) and outgoing webhooks (modules/webhooks). */

/** One row per person who started setting up a TOTP authenticator. */
export interface UserTotpTable {
  user_id: number;
  /** The base32 secret, sealed with the data directory's `totp-secrets` key (platform/secret-box.ts). */
  secret: string;
  /** Null while set-up is pending; from then on sign-in needs a code. */
  confirmed_at: string | null;
  /** The last 30-second step a code was accepted for: a code is used at most once (replay). */
  last_used_step: number | null;
  created_at: string;
}

/** One-time recovery codes, hashed (SHA-256 of a random code: enough entropy not to need scrypt). */
export interface TotpRecoveryCodesTable {
  id: Id;
  user_id: number;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface WebhooksTable {
  id: Id;
  url: string;
  /** JSON array of webhook events: ["ticket.created", …]. */
  events: string;
  /** The signing secret, sealed with the `webhook-secrets` key. */
  secret: string;
  active: Defaulted<Bool>;
  /** 1: message.added also fires for internal notes. */
  include_internal: Defaulted<Bool>;
  created_at: string;
  updated_at: string;
}

/** One row per delivery attempt (the admin's deliveries log). */
export interface WebhookDeliveriesTable {
  id: Id;
  webhook_id: number;
  event: string;
  /** The job that carries the delivery (attempts of one delivery share it). */
  job_id: number | null;
  attempt: number;
  status_code: number | null;
  duration_ms: number;
  /** Null on success. */
  error: string | null;
  /** The first few hundred characters of the answer, nothing more. */
  response_excerpt: string | null;
  created_at: string;
}
