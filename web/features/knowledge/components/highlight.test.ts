import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Highlight, markSegments } from './highlight.tsx';

describe('search highlights in the help center', () => {
  it('cuts the text at the marks the server sent, ignoring overlaps and marks past the end', () => {
    expect(markSegments('Passwörter ändern', [[0, 10]])).toEqual([
      { text: 'Passwörter', marked: true },
      { text: ' ändern', marked: false },
    ]);
    expect(
      markSegments('ab cd ef', [
        [6, 8],
        [0, 2],
        [1, 3],
        [7, 99],
      ])
        .map((s) => (s.marked ? `[${s.text}]` : s.text))
        .join(''),
    ).toBe('[ab][ ]cd [ef]');
  });

  it('renders marked words as <mark> and everything else as escaped text, never as markup', () => {
    const title = '<img src=x onerror=alert(1)> Drucker <script>alert(2)</script>';
    const html = renderToStaticMarkup(
      createElement(Highlight, {
        text: title,
        marks: [
          [1, 4],
          [29, 36],
        ],
      }),
    );
    expect(html).toBe('&lt;<mark>img</mark> src=x onerror=alert(1)&gt; <mark>Drucker</mark> &lt;script&gt;alert(2)&lt;/script&gt;');
    expect(renderToStaticMarkup(createElement(Highlight, { text: '<b>x</b>', marks: undefined }))).toBe('&lt;b&gt;x&lt;/b&gt;');
  });
});
