/** The words of a rendered paragraph wrapped with when they are said: the timeline's words, in order, whatever the markup. */
import { describe, expect, it } from 'vitest';
import { renderInline } from '../../src/markdown/render-markdown.ts';
import { estimateWordTimes } from '../../src/narrate/align/written-words.ts';
import { plainText } from '../../src/parse/plain-text.ts';
import { wrapWords } from '../../src/render/site/word-spans.ts';

/** The page's words: index, text (markup removed) and start, from the wrapped HTML. */
function wrapped(html: string): [number, string, number][] {
  const byIndex = new Map<number, [string, number]>();
  for (const m of html.matchAll(/<span class="w" data-w="(\d+)" data-word-start="([\d.]+)" data-word-end="[\d.]+">(.*?)<\/span>/g)) {
    const k = Number(m[1]);
    const prev = byIndex.get(k);
    byIndex.set(k, [(prev?.[0] ?? '') + m[3].replace(/<[^>]*>/g, ''), Number(m[2])]);
  }
  return [...byIndex.entries()].map(([k, [t, s]]) => [k, t, s]);
}

describe('wrapWords', () => {
  it('wraps each timeline word of a paragraph with markup, code, links and punctuation-only tokens', () => {
    const text = 'The **pod**-to-pod `kubectl get` call — see [the docs](https://k8s.io) & go, 127.0.0.1.';
    const words = estimateWordTimes(plainText(text), 6);
    expect(words.map((w) => w.text)).toEqual(['The', 'pod-to-pod', 'kubectl', 'get', 'call', 'see', 'the', 'docs', 'go', '127.0.0.1']);
    const html = wrapWords(renderInline(text), words);
    expect(wrapped(html).map(([k, t]) => [k, t])).toEqual(words.map((w, k) => [k, w.text === 'go' ? 'go,' : w.text === '127.0.0.1' ? '127.0.0.1.' : w.text]));
    expect(wrapped(html).map(([, , s]) => s)).toEqual(words.map((w) => Math.round(w.start * 1000) / 1000));
    // The markup is kept whole: the link, the strong and the code span are still there.
    expect(html).toContain('<a href="https://k8s.io"');
    expect(html).toMatch(/<strong><span class="w" data-w="1"[^>]*>pod<\/span><\/strong><span class="w" data-w="1"[^>]*>-to-pod<\/span>/);
    expect(html.replace(/<span class="w"[^>]*>|<\/span>/g, '')).toBe(renderInline(text));
  });

  it('leaves a paragraph alone when its words are not the timeline\'s', () => {
    const html = renderInline('One two three.');
    expect(wrapWords(html, [{ start: 0, end: 1 }, { start: 1, end: 2 }])).toBe(html);
    expect(wrapWords(html, [])).toBe(html);
  });
});
