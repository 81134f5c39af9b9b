import crypto from 'node:crypto';
import type { Client } from '../../../test/test-app.ts';

/** Test helpers: uploads as a browser sends them. */

interface Part {
  filename: string;
  content: Buffer | string;
  type?: string;
}

/** A multipart/form-data body as a browser would send it. */
export function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----anlauf${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${part.filename}"\r\nContent-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`),
      Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function upload(client: Client, ticketId: number, parts: Part[]) {
  const { body, contentType } = multipart(parts);
  return client.request('POST', `/api/v1/tickets/${ticketId}/attachments`, body, { 'content-type': contentType });
}
