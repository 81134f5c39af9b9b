import type { Client } from '../../../test/test-app.ts';
import { multipart } from '../../attachments/test/upload.ts';

/** Test images: the smallest real files of each accepted type, and an upload as the editor sends it. */
export const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
export const GIF_1X1 = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
export const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
export const WEBP_HEAD = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.alloc(8)]);

export function uploadImages(client: Client, parts: Array<{ filename: string; content: Buffer | string; type?: string }>) {
  const { body, contentType } = multipart(parts);
  return client.request('POST', '/api/v1/kb/images', body, { 'content-type': contentType });
}
