import type { Id } from './column-types.ts';

/** An image uploaded for knowledge articles; the file lives in the attachment storage. */
export interface KbImagesTable {
  id: Id;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number | null;
  created_at: string;
}

/** The images an article's current body references (rewritten on every save). */
export interface KbArticleImagesTable {
  article_id: number;
  image_id: number;
}
