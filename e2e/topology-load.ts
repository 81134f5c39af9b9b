import nodemailer from 'nodemailer';

/**
 * The clients of the topology test: people signed in with a session cookie who call the API
 * through nginx (or one web process directly), each request recorded with the process that
 * answered it (nginx's X-Anlauf-Upstream), and a mail sender that behaves like an MTA.
 */

export interface RequestRecord {
  who: string;
  method: string;
  path: string;
  start: number;
  end: number;
  /** HTTP status, or 0 when no answer came at all. */
  status: number;
  /** The web process(es) nginx passed the request to: "127.0.0.1:port[, 127.0.0.1:port]". */
  upstream: string;
  error?: string;
}

export class RequestLog {
  readonly records: RequestRecord[] = [];
  failures(): RequestRecord[] {
    return this.records.filter((r) => r.status === 0 || r.status >= 500);
  }
}

export class Session {
  private cookie = '';
  private csrf = '';
  userId = 0;

  constructor(
    readonly who: string,
    private readonly base: string,
    private readonly log: RequestLog,
  ) {}

  async login(email: string, password: string): Promise<void> {
    const res = await this.call('POST', '/api/v1/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`${this.who} could not sign in: ${res.status} ${JSON.stringify(res.body)}`);
    const body = res.body as { csrfToken: string; user: { id: number } };
    this.csrf = body.csrfToken;
    this.userId = body.user.id;
  }

  /** Calls through nginx, or with `base` one process directly. Never throws for HTTP or network errors. */
  async call(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, base = this.base): Promise<{ status: number; body: unknown; upstream: string }> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const record: RequestRecord = { who: this.who, method, path, start: Date.now(), end: 0, status: 0, upstream: '' };
    this.log.records.push(record);
    try {
      const res = await fetch(base + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await res.text();
      record.status = res.status;
      record.upstream = res.headers.get('x-anlauf-upstream') ?? base;
      const session = /anlauf_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
      if (session) this.cookie = `anlauf_session=${session[1]}`;
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON (nginx's own error page)
      }
      if (res.status >= 500) record.error = text.slice(0, 300);
      return { status: res.status, body: parsed, upstream: record.upstream };
    } catch (error) {
      record.error = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error);
      return { status: 0, body: undefined, upstream: '' };
    } finally {
      record.end = Date.now();
    }
  }
}

export function rawMail(headers: Record<string, string>, body: string): string {
  const all: Record<string, string> = {
    To: 'help@example.com',
    Date: new Date().toUTCString(),
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...headers,
  };
  return `${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`;
}

export interface OutgoingTestMail {
  messageId: string;
  from: string;
  subject: string;
  body: string;
  /** The ticket a reply answers. */
  replyTo?: number;
}

/**
 * Delivers mails over SMTP like an MTA: repeats each one until the server acknowledged it with
 * 250 (refused connections while the mail process is down, a cut connection when it dies).
 * Returns the mails that were acknowledged, and how many attempts failed.
 */
export async function deliverMails(port: number, mails: OutgoingTestMail[], senders: number): Promise<{ acknowledged: OutgoingTestMail[]; failedAttempts: number }> {
  const acknowledged: OutgoingTestMail[] = [];
  let failedAttempts = 0;
  let next = 0;
  const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 3000, greetingTimeout: 3000, socketTimeout: 15_000 });
  async function sender(): Promise<void> {
    let client = transport();
    while (next < mails.length) {
      const mail = mails[next++]!;
      for (let attempt = 0; ; attempt++) {
        try {
          await client.sendMail({
            envelope: { from: mail.from, to: ['help@example.com'] },
            raw: rawMail({ From: mail.from, Subject: mail.subject, 'Message-ID': mail.messageId }, mail.body),
          });
          acknowledged.push(mail);
          break;
        } catch (error) {
          failedAttempts++;
          if (attempt > 200) throw new Error(`mail ${mail.messageId} was never acknowledged: ${String(error)}`);
          client.close();
          await new Promise((resolve) => setTimeout(resolve, 250));
          client = transport();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    client.close();
  }
  await Promise.all(Array.from({ length: senders }, () => sender()));
  return { acknowledged, failedAttempts };
}
