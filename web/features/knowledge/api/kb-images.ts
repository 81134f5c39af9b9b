import { api } from '../../../lib/api-client.ts';
import { type KbImageDto, kbImageUploadSchema } from '../../../../shared/contracts/knowledge.ts';

/** The image types the server accepts for articles (it checks the content, not this list). */
export const ARTICLE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** Uploads images for an article; the answer's url is what the Markdown references. */
export async function uploadArticleImages(files: File[]): Promise<KbImageDto[]> {
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  return (await api('/kb/images', { method: 'POST', body: form, schema: kbImageUploadSchema })).items;
}
