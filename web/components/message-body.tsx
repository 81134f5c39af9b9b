import { Markdown } from './markdown.tsx';
import { linkifyText } from './mail-text.ts';

/**
 * A message's body: Markdown for what agents and portal users wrote, plain text (line breaks
 * kept, links clickable, no markup) for what came by mail. React escapes the text, so a mail's
 * "<div class=…>" or "&lt;script&gt;" stays visible text.
 */
export function MessageBody({ body, format }: { body: string; format: 'markdown' | 'text' }) {
  if (format === 'markdown') return <Markdown text={body} className="message-body" />;
  return (
    <div className="message-body message-text">
      {linkifyText(body).map((segment, i) =>
        segment.kind === 'link' ? (
          <a key={i} href={segment.href} target="_blank" rel="noopener noreferrer nofollow">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </div>
  );
}
