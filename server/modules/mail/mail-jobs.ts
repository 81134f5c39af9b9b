import type { JobRegistrar } from '../../platform/worker-role.ts';
import { SEND_MAIL_JOB } from './outgoing-mail.ts';
import { intakeOptions, parkWhenGivenUp, processInboundMailHandler } from './process-inbound-mail.ts';
import { replyTokenKey } from './reply-token.ts';
import { sendMailHandler } from './send-mail.job.ts';
import { startMailParserThread } from './parse-thread.ts';
import { INTAKE_MAIL_JOB } from './store-inbound-mail.ts';

/**
 * Outgoing mails sent side by side by their own lane, besides those the shared loop takes: they
 * queue in the SMTP thread, whose pool keeps the connections to the SMTP server at five.
 */
const SENDING_SLOTS = 64;

/** The mail area's jobs: intake of stored mail, and sending (when ANLAUF_SMTP_OUT is set). */
export const registerMailJobs: JobRegistrar = (runner, { config, log }) => {
  // Arriving mail is parsed beside the requests, in a thread of its own (ANLAUF_MAIL_PARSE_THREAD=0: here).
  const parser = config.mailParseThread ? startMailParserThread({ onInline: (reason) => log.warn({ reason }, 'mail is parsed on the main thread') }) : undefined;
  // Its own lane: arriving mail becomes tickets even while outgoing mail piles up.
  runner.register(INTAKE_MAIL_JOB, processInboundMailHandler({ ...intakeOptions(config), ...(parser ? { parse: (raw: Buffer) => parser.parse(raw) } : {}) }), {
    lane: 'intake',
    onGiveUp: parkWhenGivenUp,
  });
  if (!config.smtpOut) {
    // Without a handler the runner never claims mail.send jobs: they wait, nothing is lost.
    log.warn('ANLAUF_SMTP_OUT is not set: outgoing mail stays queued until it is configured.');
    return () => parser?.stop();
  }
  const { handler, close } = sendMailHandler({
    smtpOut: config.smtpOut,
    mailFrom: config.mailFrom,
    replyTokenKey: replyTokenKey(config.dataDir),
    onInline: (reason) => log.warn({ reason }, 'mail is sent from the main thread'),
  });
  // A lane of its own with more slots: a mail's job mostly waits (for the SMTP thread, the SMTP
  // server, the done mark's round trip) and touches no table, and where each ticket mails its
  // requester and a group's agents the shared loop's 32 slots held the sending, and with it
  // creation, to 541–651 mails/s on PostgreSQL; 64 more slots beside them: 723–1,051 (SENDING_SLOTS).
  runner.register(SEND_MAIL_JOB, handler, { lane: 'mail-out', laneSlots: SENDING_SLOTS });
  return async () => {
    close();
    await parser?.stop();
  };
};
