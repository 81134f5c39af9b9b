import { type ClipboardEvent, type DragEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api-client.ts';
import { errorText } from '../../../lib/error-text.ts';
import { ARTICLE_IMAGE_TYPES, uploadArticleImages } from '../api/kb-images.ts';

type UpdateBody = (update: (body: string) => string) => void;

/** The body with a block (image lines) inserted at `at`, on lines of its own. */
export function insertBlock(body: string, at: number, block: string): string {
  const before = body.slice(0, at);
  const after = body.slice(at);
  return `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${block}\n${after.startsWith('\n') || after === '' ? '' : '\n'}${after}`;
}

/** `![alt](url)` with characters that would end the alt text or the address left out. */
export function imageMarkdown(alt: string, url: string): string {
  return `![${alt.replace(/[[\]()\\]/g, ' ').trim()}](${url})`;
}

/**
 * Images into an article's Markdown: paste or drop them into the text, or pick them with the
 * button. Each is uploaded (the server checks type and size) and inserted where the caret was
 * as `![name](/api/v1/kb/images/<id>)`.
 */
export function useArticleImages(updateBody: UpdateBody) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [inserted, setInserted] = useState(0);

  const altOf = (name: string) => {
    const base = name.replace(/\.[a-z0-9]{1,5}$/i, '');
    return !base || /^image$/i.test(base) ? t('kbImages.defaultAlt') : base;
  };
  const upload = async (files: File[], at: number) => {
    if (files.length === 0) return;
    setBusy(true);
    setError(null);
    setInserted(0);
    try {
      const images = await uploadArticleImages(files);
      const block = images.map((image) => imageMarkdown(altOf(image.filename), image.url)).join('\n');
      updateBody((body) => insertBlock(body, Math.min(at, body.length), block));
      setInserted(images.length);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return {
    busy,
    error,
    inserted,
    upload,
    textareaProps: {
      onPaste: (event: ClipboardEvent<HTMLTextAreaElement>) => {
        const files = Array.from(event.clipboardData.files);
        if (files.length === 0) return;
        event.preventDefault();
        void upload(files, event.currentTarget.selectionStart);
      },
      onDragOver: (event: DragEvent<HTMLTextAreaElement>) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      },
      onDrop: (event: DragEvent<HTMLTextAreaElement>) => {
        const files = Array.from(event.dataTransfer.files);
        if (files.length === 0) return;
        event.preventDefault();
        void upload(files, event.currentTarget.selectionStart);
      },
    },
  };
}

/** The "Insert image" button with the upload's progress, result or refusal. */
export function ArticleImageButton({ images, caret }: { images: ReturnType<typeof useArticleImages>; caret: () => number }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="kb-images">
      <label className="btn btn-ghost" htmlFor={id} aria-disabled={images.busy}>
        {t('kbImages.insert')}
      </label>
      <input
        id={id}
        type="file"
        multiple
        accept={ARTICLE_IMAGE_TYPES.join(',')}
        className="visually-hidden"
        disabled={images.busy}
        onChange={(e) => {
          void images.upload(Array.from(e.target.files ?? []), caret());
          e.target.value = '';
        }}
      />{' '}
      <span className="hint">{t('kbImages.hint')}</span>
      <p role="status" className="small muted">
        {images.busy ? t('kbImages.uploading') : images.inserted > 0 ? t('kbImages.inserted', { count: images.inserted }) : ''}
      </p>
      {images.error !== null && (
        <p className="alert alert-error" role="alert">
          {images.error instanceof ApiError && images.error.code === 'unsupported_media_type'
            ? t('kbImages.notAnImage')
            : images.error instanceof ApiError && images.error.code === 'too_large'
              ? t('kbImages.tooLarge')
              : errorText(images.error, t, i18n.language)}
        </p>
      )}
    </div>
  );
}
