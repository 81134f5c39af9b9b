import { api } from './api-client.ts';
import { type AttachmentDto, uploadResultSchema } from '../../shared/contracts/attachments.ts';

/** Uploads files for a ticket before the message that carries them is sent. */
export async function uploadAttachments(ticketId: number, files: File[]): Promise<AttachmentDto[]> {
  if (files.length === 0) return [];
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  const result = await api(`/tickets/${ticketId}/attachments`, { method: 'POST', body: form, schema: uploadResultSchema });
  return result.items;
}
