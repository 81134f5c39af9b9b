import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

marked.setOptions({ gfm: true, breaks: true });

/**
 * Which images may show: articles only their own uploads (as the server-rendered help pages),
 * messages also ticket attachments. Anything else (another site's tracking pixel, a data: or
 * javascript: address) is dropped rather than left to the CSP.
 */
const IMAGE_SOURCES = {
  articles: /^\/api\/v1\/kb\/images\/\d{1,10}$/,
  messages: /^\/api\/v1\/(?:kb\/images|attachments)\/\d{1,10}$/,
} as const;

/**
 * A sanitiser of its own for Markdown, so that its image rule (a hook) touches no other use of
 * DOMPurify. The rule for the call being made; sanitize() runs synchronously.
 */
let imageRule: RegExp = IMAGE_SOURCES.messages;
let purifier: ReturnType<typeof DOMPurify> | undefined;
function markdownPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  purifier = DOMPurify(window);
  purifier.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName !== 'img' || !(node instanceof Element)) return;
    // Removed as DOMPurify removes what it forbids; an allowed one loads only when scrolled to.
    if (imageRule.test(node.getAttribute('src') ?? '')) node.setAttribute('loading', 'lazy');
    else node.parentNode?.removeChild(node);
  });
  return purifier;
}

/**
 * Markdown to HTML, then sanitised: raw HTML in a message can never run script or style the page,
 * and no class, id or style attribute survives (nobody can dress text up as our internal notes).
 */
export function Markdown({ text, className, images = 'messages' }: { text: string; className?: string; images?: keyof typeof IMAGE_SOURCES }) {
  const html = useMemo(() => {
    const raw = marked.parse(text, { async: false });
    imageRule = IMAGE_SOURCES[images];
    return markdownPurifier().sanitize(raw, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input'], FORBID_ATTR: ['style', 'class', 'id'], ADD_ATTR: ['loading'] });
  }, [text, images]);
  return <div className={`markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
