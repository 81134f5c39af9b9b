import type { Actor } from '../auth/auth.queries.ts';
import type { Channel } from '../../../shared/enums.ts';

/** The channel of a change: the web app signs in with a session, integrations with a token, mail intake acts for the sender. */
export function channelOf(actor: Actor): Channel {
  if (actor.via === 'mail') return 'email';
  return actor.via === 'token' ? 'api' : 'web';
}
