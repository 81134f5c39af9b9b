import net from 'node:net';

/** A hand-driven SMTP connection on loopback, for tests of what a misbehaving client gets. */
export interface SmtpSocket {
  /** The next complete reply (multi-line replies joined). */
  reply(): Promise<string>;
  command(line: string): Promise<string>;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
  destroy(): void;
}

export async function openSmtpSocket(port: number, localAddress = '127.0.0.1'): Promise<SmtpSocket> {
  const socket = net.connect({ host: '127.0.0.1', port, localAddress });
  let buffer = '';
  const waiting: Array<(reply: string) => void> = [];
  const replies: string[] = [];
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    // A reply ends with a line "NNN text" (a space, not a dash, after the code).
    for (let match = /(^|\n)(\d{3}) [^\n]*\r?\n/.exec(buffer); match; match = /(^|\n)(\d{3}) [^\n]*\r?\n/.exec(buffer)) {
      const end = match.index + match[0].length;
      const reply = buffer.slice(0, end).trim();
      buffer = buffer.slice(end);
      const next = waiting.shift();
      if (next) next(reply);
      else replies.push(reply);
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const reply = () => {
    const ready = replies.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return Promise.race([new Promise<string>((resolve) => waiting.push(resolve)), closed.then(() => replies.shift() ?? '(closed)')]);
  };
  return {
    reply,
    command: (line: string) => {
      socket.write(`${line}\r\n`);
      return reply();
    },
    closed,
    destroy: () => socket.destroy(),
  };
}
