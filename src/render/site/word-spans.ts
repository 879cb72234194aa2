/**
 * The words of a rendered narration paragraph, each wrapped in a span that carries when it is said
 * (docs/site.md, "Following the spoken word"). Pure. The rendered inline HTML is the one markdown
 * renderer's (src/markdown/), so its text is the paragraph's text without markdown: its whitespace
 * tokens that have a letter or a digit are, in order, the timeline's words (docs/timeline.md). A
 * word that markup splits (`**pod**-to-pod`) is wrapped piece by piece, every piece with its word's
 * index. When the counts disagree (raw HTML shown as text, say), the paragraph is left as it is: it
 * is still marked as a whole.
 */
import type { CueWord } from '../../schedule/types.ts';

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Text as the reader sees it: the few entities an escaper writes, decoded. */
function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITY[e.toLowerCase()] ?? m;
  });
}

const IS_WORD = /[\p{L}\p{N}]/u;
const secs = (t: number) => String(Math.round(t * 1000) / 1000);

/** `html` with each word in `<span class="w" data-w data-word-start data-word-end>`, or `html` itself when its words are not `words`. */
export function wrapWords(html: string, words: Pick<CueWord, 'start' | 'end'>[]): string {
  if (!words.length) return html;
  // Tags and text runs; safe because the sanitized HTML has no "<" in text or ">" unescaped in a tag's attributes.
  const parts = html.match(/<[^>]*>|[^<]+/g) ?? [];
  type Piece = { part: number; from: number; to: number };
  const tokens: { pieces: Piece[]; text: string }[] = [];
  let open: { pieces: Piece[]; text: string } | null = null;
  parts.forEach((p, i) => {
    if (p.startsWith('<')) {
      // A line break or a tag that starts a block ends the token; inline tags do not.
      if (/^<br\b/i.test(p)) open = null;
      return;
    }
    for (const m of p.matchAll(/\s+|[^\s]+/g)) {
      if (/^\s/.test(m[0])) { open = null; continue; }
      if (!open) { open = { pieces: [], text: '' }; tokens.push(open); }
      open.pieces.push({ part: i, from: m.index!, to: m.index! + m[0].length });
      open.text += decode(m[0]);
    }
  });
  const wordTokens = tokens.filter((t) => IS_WORD.test(t.text));
  if (wordTokens.length !== words.length) return html;
  const wrapsOf = new Map<number, { from: number; to: number; k: number }[]>();
  wordTokens.forEach((t, k) => {
    for (const p of t.pieces) {
      const list = wrapsOf.get(p.part) ?? [];
      list.push({ from: p.from, to: p.to, k });
      wrapsOf.set(p.part, list);
    }
  });
  return parts.map((p, i) => {
    const wraps = wrapsOf.get(i);
    if (!wraps) return p;
    let out = '';
    let at = 0;
    for (const w of wraps) {
      out += p.slice(at, w.from) + `<span class="w" data-w="${w.k}" data-word-start="${secs(words[w.k].start)}" data-word-end="${secs(words[w.k].end)}">${p.slice(w.from, w.to)}</span>`;
      at = w.to;
    }
    return out + p.slice(at);
  }).join('');
}
