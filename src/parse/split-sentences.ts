/**
 * Sentence segmentation for narration. ICU's segmenter (Intl.Segmenter) keeps `127.0.0.1`,
 * `google.com` and `e.g. the` whole and is ~35x faster than sentence-splitter on the seeds
 * (1.1 s vs 0.03 s for 1000 paragraphs), but splits after "Dr." and before a closing `*`/`` ` ``;
 * both are repaired here.
 */

/** A sentence as a [start, end) range of the input, whitespace trimmed. */
export interface SentenceRange { start: number; end: number }

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Abbreviations after which a capitalised word does not start a new sentence. */
const ABBREVIATIONS = /(?:^|[\s(])(?:mr|mrs|ms|dr|prof|sr|jr|st|vs|e\.g|i\.e|approx|fig|cf|inc|ltd)\.$/i;
/** Markdown closers and quotes the segmenter leaves at the start of the next sentence. */
const LEADING_CLOSERS = /^[*_`~"'”’)\]]+(?=\s|$)/;
/**
 * A full stop after a plain word, then a lowercase word: authors who forget the capital
 * ("...the apache pod. here are the files") still end a sentence there. ICU does not split.
 */
const LOWERCASE_START = /(?<=(?:^|[\s(])([A-Za-z]{2,})[.!?])\s+(?=[a-z])/g;
const NOT_SENTENCE_END = new Set(['etc', 'vs', 'approx', 'cf', 'al', 'eg', 'ie', 'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'fig', 'no', 'inc', 'ltd']);

/** Splits text into sentences; never returns an empty range. */
export function splitSentences(text: string): SentenceRange[] {
  const out: SentenceRange[] = [];
  for (const seg of segments(text)) {
    let start = seg.index;
    const end = seg.index + seg.segment.length;
    const closers = LEADING_CLOSERS.exec(seg.segment);
    if (closers && out.length) {
      out[out.length - 1].end = start + closers[0].length;
      start += closers[0].length;
    }
    const prev = out[out.length - 1];
    if (prev && ABBREVIATIONS.test(text.slice(prev.start, prev.end).trimEnd())) prev.end = end;
    else out.push({ start, end });
  }
  return out
    .map(({ start, end }) => {
      while (start < end && /\s/.test(text[start])) start++;
      while (end > start && /\s/.test(text[end - 1])) end--;
      return { start, end };
    })
    .filter((r) => r.end > r.start);
}

/** ICU's segments, each also cut where a lowercase sentence start follows a full stop. */
function* segments(text: string): Generator<{ index: number; segment: string }> {
  for (const seg of segmenter.segment(text)) {
    let from = 0;
    if (!/[.!?]\s+[a-z]/.test(seg.segment)) { yield seg; continue; }
    for (const m of seg.segment.matchAll(LOWERCASE_START)) {
      if (NOT_SENTENCE_END.has(m[1].toLowerCase())) continue;
      const cut = m.index! + m[0].length;
      yield { index: seg.index + from, segment: seg.segment.slice(from, cut) };
      from = cut;
    }
    yield { index: seg.index + from, segment: seg.segment.slice(from) };
  }
}
