import { describe, expect, it } from 'vitest';
import { linkifyText } from './mail-text.ts';

describe('mail text is shown as text', () => {
  it('keeps markup a sender wrote as visible text, never as elements', () => {
    const body = 'Ich schreibe <script>alert(1)</script> und <div class="message-internal">Interne Notiz</div>.\n    eingerückt\n-----';
    // One text segment, unchanged: React renders it escaped; no Markdown turns the indented
    // line into code or the dashes into a rule.
    expect(linkifyText(body)).toEqual([{ kind: 'text', text: body }]);
  });

  it('makes web and mail addresses clickable, each link showing its own address', () => {
    expect(linkifyText('Siehe https://kunde.example/rechnung?id=1. Oder an hilfe@kunde.example schreiben, www.kunde.example')).toEqual([
      { kind: 'text', text: 'Siehe ' },
      { kind: 'link', text: 'https://kunde.example/rechnung?id=1', href: 'https://kunde.example/rechnung?id=1' },
      { kind: 'text', text: '. Oder an ' },
      { kind: 'link', text: 'hilfe@kunde.example', href: 'mailto:hilfe@kunde.example' },
      { kind: 'text', text: ' schreiben, ' },
      { kind: 'link', text: 'www.kunde.example', href: 'https://www.kunde.example' },
    ]);
  });

  it('never links a script URL or hides a link behind other text', () => {
    const segments = linkifyText('<a href="javascript:alert(1)">Ihre Rechnung</a> [Login](https://evil.example/login)');
    const links = segments.filter((s) => s.kind === 'link');
    expect(links).toEqual([{ kind: 'link', text: 'https://evil.example/login', href: 'https://evil.example/login' }]);
    expect(segments.map((s) => s.text).join('')).toBe('<a href="javascript:alert(1)">Ihre Rechnung</a> [Login](https://evil.example/login)');
  });
});
