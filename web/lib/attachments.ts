import { api } from './api-client.ts';
import type { Attachment } from './types.ts';

/** Uploads files for a ticket before the message that carries them is sent. */
export async function uploadAttachments(ticketId: number, files: File[]): Promise<Attachment[]> {
  if (files.length === 0) return [];
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  const result = await api<{ items: Attachment[] } | Attachment[]>(`/tickets/${ticketId}/attachments`, { method: 'POST', body: form });
  return Array.isArray(result) ? result : result.items;
}
