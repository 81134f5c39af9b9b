import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Markdown } from '../../../components/markdown.tsx';
import { Loading } from '../../../components/states.tsx';
import { errorText, fieldMessages } from '../../../lib/error-text.ts';
import { categoryName, useCategories } from '../../../lib/reference-data.ts';
import { useViewerLocale } from '../../../lib/use-viewer-locale.ts';
import type { ArticleDto } from '../../../../shared/contracts/knowledge.ts';
import type { ArticleDraftDto } from '../../../../shared/contracts/kb-insights.ts';
import { linkArticleToTicket, useArticleDraftFromTicket, useAuthorArticle, useAuthorArticles, useCreateArticle, useOrganisationChoices, useUpdateArticle } from '../api/kb-authoring.ts';
import { ArticleFeedbackPanel } from '../components/article-feedback-panel.tsx';
import { ArticleHistory } from '../components/article-history.tsx';
import { ArticleImageButton, useArticleImages } from '../components/article-images.tsx';

type Locale = 'de' | 'en';
type Visibility = 'public' | 'internal' | 'organisation';
type Status = 'draft' | 'published' | 'archived';

interface Form {
  title: string;
  body: string;
  locale: Locale;
  visibility: Visibility;
  organisationId: number | null;
  status: Status;
  categoryId: number | null;
  tags: string;
  translationOf: number | null;
  slug: string;
  solutionKind: 'solution' | 'workaround' | null;
  /** Set from the problem's page; kept while the article stays a known solution. */
  solutionProblemId: number | null;
}

function formOf(a: ArticleDto): Form {
  return {
    title: a.title,
    body: a.body,
    locale: a.locale,
    visibility: a.visibility,
    organisationId: a.organisationId,
    status: a.status,
    categoryId: a.categoryId,
    tags: a.tags.join(', '),
    translationOf: a.translationOf ?? a.translations[0]?.id ?? null,
    slug: a.slug,
    solutionKind: a.solutionKind,
    solutionProblemId: a.solutionProblemId,
  };
}

/** Writing an article: Markdown with preview, category, tags, visibility, state, translation and history. */
export default function KbEditor() {
  const params = useParams();
  const id = params.id && /^\d+$/.test(params.id) ? Number(params.id) : null;
  const [search] = useSearchParams();
  const fromTicket = id === null ? Number(search.get('fromTicket')) || null : null;
  const article = useAuthorArticle(id);
  const draft = useArticleDraftFromTicket(fromTicket);
  const { t, i18n } = useTranslation();
  if ((id !== null && article.isPending) || (fromTicket !== null && draft.isPending)) return <Loading />;
  if (id !== null && !article.data) return <p className="alert alert-error">{errorText(article.error, t, i18n.language)}</p>;
  return <Editor key={id ?? `new-${fromTicket}`} article={article.data ?? null} draft={draft.data ?? null} />;
}

function Editor({ article, draft }: { article: ArticleDto | null; draft: ArticleDraftDto | null }) {
  const { t, i18n } = useTranslation();
  const locale = useViewerLocale();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [form, setForm] = useState<Form>(() =>
    article
      ? formOf(article)
      : {
          title: draft?.title ?? '',
          body: draft?.body ?? '',
          locale: (draft?.locale ?? search.get('locale')) === 'en' ? 'en' : 'de',
          visibility: search.get('visibility') === 'public' ? 'public' : 'internal',
          organisationId: null,
          status: 'draft',
          categoryId: draft?.categoryId ?? null,
          solutionKind: null,
          solutionProblemId: null,
          tags: '',
          translationOf: Number(search.get('translationOf')) || null,
          slug: '',
        },
  );
  const [preview, setPreview] = useState(false);
  const [saved, setSaved] = useState(false);
  const categories = useCategories();
  const organisations = useOrganisationChoices(form.visibility === 'organisation');
  const otherLocale: Locale = form.locale === 'de' ? 'en' : 'de';
  const candidates = useAuthorArticles({ locale: otherLocale });
  const create = useCreateArticle();
  const update = useUpdateArticle(article?.id ?? 0);
  const saving = create.isPending || update.isPending;
  const error = create.error ?? update.error;

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const bodyField = useRef<HTMLTextAreaElement>(null);
  const images = useArticleImages((update) => {
    setSaved(false);
    setForm((f) => ({ ...f, body: update(f.body) }));
  });
  const reload = (a: ArticleDto) => {
    setForm(formOf(a));
    setSaved(true);
  };
  const parentName = (parentId: number | null) => {
    const parent = parentId ? categories.data?.find((c) => c.id === parentId) : undefined;
    return parent ? `${categoryName(parent, locale)} › ` : '';
  };
  const categoryOptions = (categories.data ?? []).map((c) => ({ id: c.id, label: parentName(c.parentId) + categoryName(c, locale) })).sort((a, b) => a.label.localeCompare(b.label));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fields = {
      title: form.title,
      body: form.body,
      locale: form.locale,
      visibility: form.visibility,
      organisationId: form.visibility === 'organisation' ? form.organisationId : null,
      categoryId: form.categoryId,
      translationOf: form.translationOf,
      solutionKind: form.solutionKind && (form.categoryId || form.solutionProblemId) ? form.solutionKind : null,
      solutionCategoryId: form.solutionKind && form.categoryId ? form.categoryId : null,
      tags: form.tags
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    };
    if (!article) {
      create.mutate(
        { ...fields, status: form.status === 'archived' ? 'draft' : form.status, ...(form.slug.trim() ? { slug: form.slug.trim() } : {}) },
        {
          onSuccess: async (a) => {
            // Written from a ticket: the ticket links to its new article.
            if (draft) await linkArticleToTicket(draft.ticketId, a.id).catch(() => undefined);
            void navigate(`/agent/kb/${a.id}`, { replace: true });
          },
        },
      );
    } else {
      update.mutate({ ...fields, version: article.version, status: form.status, ...(form.slug.trim() ? { slug: form.slug.trim() } : {}) }, { onSuccess: reload });
    }
  };
  const fields = error ? fieldMessages(error, t, i18n.language) : {};
  const fieldError = (name: string) => fields[name];

  return (
    <div className="page kb-editor">
      <nav className="breadcrumb" aria-label={t('ticket.breadcrumb')}>
        <Link to="/agent/kb">{t('kbEditor.articles')}</Link> › {article ? article.title : t('kbEditor.newArticle')}
      </nav>
      <h1>{article ? t('kbEditor.editArticle') : t('kbEditor.newArticle')}</h1>
      <form onSubmit={submit} className="kb-form">
        <div className="field">
          <label htmlFor="kb-title">{t('kbEditor.title')}</label>
          <input id="kb-title" value={form.title} onChange={(e) => set('title', e.target.value)} required maxLength={300} aria-invalid={Boolean(fieldError('title'))} lang={form.locale} />
        </div>
        <div className="kb-form-row">
          <div className="field">
            <label htmlFor="kb-locale">{t('kbEditor.language')}</label>
            <select id="kb-locale" value={form.locale} onChange={(e) => set('locale', e.target.value as Locale)}>
              <option value="de">{t('kbEditor.german')}</option>
              <option value="en">{t('kbEditor.english')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="kb-status">{t('kbEditor.status')}</label>
            <select id="kb-status" value={form.status} onChange={(e) => set('status', e.target.value as Status)}>
              <option value="draft">{t('kbEditor.statusDraft')}</option>
              <option value="published">{t('kbEditor.statusPublished')}</option>
              {article && <option value="archived">{t('kbEditor.statusArchived')}</option>}
            </select>
          </div>
          <div className="field">
            <label htmlFor="kb-visibility">{t('kbEditor.visibility')}</label>
            <select id="kb-visibility" value={form.visibility} onChange={(e) => set('visibility', e.target.value as Visibility)}>
              <option value="public">{t('kbEditor.visibilityPublic')}</option>
              <option value="organisation">{t('kbEditor.visibilityOrganisation')}</option>
              <option value="internal">{t('kbEditor.visibilityInternal')}</option>
            </select>
          </div>
          {form.visibility === 'organisation' && (
            <div className="field">
              <label htmlFor="kb-organisation">{t('kbEditor.organisation')}</label>
              <select id="kb-organisation" value={form.organisationId ?? ''} onChange={(e) => set('organisationId', Number(e.target.value) || null)} required>
                <option value="">–</option>
                {(organisations.data ?? []).map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
        <div className="kb-form-row">
          <div className="field">
            <label htmlFor="kb-category">{t('kbEditor.category')}</label>
            <select id="kb-category" value={form.categoryId ?? ''} onChange={(e) => set('categoryId', Number(e.target.value) || null)}>
              <option value="">{t('kbEditor.noCategory')}</option>
              {categoryOptions.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="kb-solution">{t('kbLinks.solutionField')}</label>
            <select
              id="kb-solution"
              value={form.solutionKind ?? ''}
              disabled={!form.categoryId && !form.solutionProblemId}
              onChange={(e) => set('solutionKind', (e.target.value || null) as Form['solutionKind'])}
            >
              <option value="">{t('kbLinks.notSolution')}</option>
              <option value="solution">{t('kbLinks.solution')}</option>
              <option value="workaround">{t('kbLinks.workaround')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="kb-tags">{t('kbEditor.tags')}</label>
            <input id="kb-tags" value={form.tags} onChange={(e) => set('tags', e.target.value)} placeholder={t('kbEditor.tagsHint')} />
          </div>
          <div className="field">
            <label htmlFor="kb-translation">{t('kbEditor.translationOf')}</label>
            <select id="kb-translation" value={form.translationOf ?? ''} onChange={(e) => set('translationOf', Number(e.target.value) || null)}>
              <option value="">{t('kbEditor.noTranslation')}</option>
              {(candidates.data ?? [])
                .filter((c) => c.id !== article?.id)
                .map((c) => (
                  <option key={c.id} value={c.id} lang={c.locale}>
                    {c.title} ({c.locale.toUpperCase()})
                  </option>
                ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="kb-slug">{t('kbEditor.slug')}</label>
            <input id="kb-slug" value={form.slug} onChange={(e) => set('slug', e.target.value)} placeholder={t('kbEditor.slugHint')} aria-invalid={Boolean(fieldError('slug'))} />
          </div>
        </div>
        <div className="composer-tabs">
          <button type="button" className="btn-link" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
            {preview ? t('kbEditor.edit') : t('kbEditor.preview')}
          </button>
        </div>
        {preview ? (
          <div className="composer-previewbox" lang={form.locale}>
            {form.body.trim() ? <Markdown text={form.body} images="articles" /> : <p className="muted">{t('composer.nothingToPreview')}</p>}
          </div>
        ) : (
          <div className="field">
            <label htmlFor="kb-body">{t('kbEditor.body')}</label>
            <textarea id="kb-body" ref={bodyField} rows={14} value={form.body} onChange={(e) => set('body', e.target.value)} lang={form.locale} {...images.textareaProps} />
            <p className="hint">{t('kbEditor.markdownHint')}</p>
            <ArticleImageButton images={images} caret={() => bodyField.current?.selectionStart ?? form.body.length} />
          </div>
        )}
        {error && (
          <p className="alert alert-error" role="alert">
            {errorText(error, t, i18n.language)}
          </p>
        )}
        {saved && <p role="status">{t('kbEditor.saved')}</p>}
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {t('kbEditor.save')}
        </button>{' '}
        {article && article.status === 'published' && article.visibility !== 'internal' && <Link to={`/help/${article.slug}`}>{t('kbEditor.openInHelpCenter')}</Link>}{' '}
        {article && article.translations.length === 0 && (
          <Link to={`/agent/kb/new?translationOf=${article.id}&locale=${otherLocale}&visibility=${article.visibility === 'public' ? 'public' : 'internal'}`}>{t('kbEditor.writeTranslation')}</Link>
        )}
      </form>
      {article && <ArticleFeedbackPanel articleId={article.id} />}
      {article && <ArticleHistory article={article} onRestored={reload} />}
    </div>
  );
}
