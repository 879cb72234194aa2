/**
 * Text to Piper's input: espeak-ng phonemes (the `phonemizer` package: espeak-ng compiled to
 * WebAssembly, in process, the phonemizer Piper voices were trained with) per clause, each clause
 * closed by its punctuation as Piper does, then the ids of the voice's `phoneme_id_map` with the
 * pad between phonemes. Each espeak word is traced back to the spoken token that produced it, so
 * the phoneme durations the model reports become word times.
 */
import type { SpokenWordTime } from '../types.ts';

/** Phonemizes one clause's text (no punctuation) into espeak words: `phonemizer`'s `phonemize`. */
export type Phonemize = (text: string, voice: string) => Promise<string[]>;

let phonemizer: Promise<Phonemize> | undefined;

/** The phonemizer package's `phonemize` (its WebAssembly espeak-ng loads once, ~1 s). */
export function defaultPhonemize(): Promise<Phonemize> {
  phonemizer ??= import('phonemizer').then((m) => m.phonemize as Phonemize);
  return phonemizer;
}

/** Clause-closing punctuation Piper keeps as phonemes (they shape the pauses and the intonation). */
const CLAUSE_END = /[,;:.!?]+$/;

/** A clause of a sentence: its word tokens (punctuation stripped off their ends) and what closes it. */
export interface Clause { tokens: string[]; end: string }

/** Splits spoken text into clauses at tokens that end in , ; : . ! or ?. Pure. */
export function splitClauses(text: string): Clause[] {
  const out: Clause[] = [];
  let cur: string[] = [];
  for (const raw of text.split(/\s+/).filter(Boolean)) {
    const end = CLAUSE_END.exec(raw)?.[0] ?? '';
    const word = raw.slice(0, raw.length - end.length).replace(/^[("'“‘[]+|[)"'”’\]]+$/g, '');
    if (/[\p{L}\p{N}]/u.test(word)) cur.push(word);
    if (end) {
      if (cur.length) out.push({ tokens: cur, end: end[end.length - 1] });
      else if (out.length) out[out.length - 1].end = end[end.length - 1];
      cur = [];
    }
  }
  if (cur.length) out.push({ tokens: cur, end: '' });
  return out;
}

/** The phoneme string of a sentence, and each spoken token's span of phonemes (code points, NFD). */
export interface PiperPhonemes {
  phonemes: string[];
  /** Per token that has phonemes: its `[first, last]` phoneme index. */
  words: { word: string; first: number; last: number }[];
}

const espeakWords = (parts: string[]) => parts.join(' ').normalize('NFD').split(/\s+/).filter(Boolean);

/**
 * Which token each phoneme of a clause belongs to. espeak phonemizes a clause as connected speech
 * ("there are" is one word "ðɛɹˌɑːɹ", "of the" is "ʌvðə"), so its words are not the tokens; each
 * token is also phonemized alone and the two strings are aligned (edit distance), every clause
 * phoneme taking the owner of the token phoneme it aligns with. Pure.
 */
export function phonemeOwners(clause: string[], tokens: string[][]): number[] {
  const b: string[] = [];
  const owner: number[] = [];
  tokens.forEach((t, i) => { for (const p of t) { b.push(p); owner.push(i); } });
  const n = clause.length, m = b.length;
  if (m === 0) return clause.map(() => -1);
  const cost = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = 0; i <= n; i++) cost[at(i, 0)] = i;
  for (let j = 0; j <= m; j++) cost[at(0, j)] = j;
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++)
      cost[at(i, j)] = Math.min(cost[at(i - 1, j - 1)] + (clause[i - 1] === b[j - 1] ? 0 : 1), cost[at(i - 1, j)] + 1, cost[at(i, j - 1)] + 1);
  const out = new Array<number>(n).fill(-1);
  for (let i = n, j = m; i > 0;) {
    if (j > 0 && cost[at(i, j)] === cost[at(i - 1, j - 1)] + (clause[i - 1] === b[j - 1] ? 0 : 1)) { out[i - 1] = owner[j - 1]; i--; j--; }
    else if (j > 0 && cost[at(i, j)] === cost[at(i, j - 1)] + 1) j--;
    // A phoneme only the clause has (a linking sound) goes with the token before it.
    else { out[i - 1] = owner[Math.max(0, j - 1)]; i--; }
  }
  return out;
}

/** Phonemizes a sentence the way Piper does (clause by clause), tracing every phoneme back to its token. */
export async function piperPhonemes(text: string, voice: string, phonemize?: Phonemize): Promise<PiperPhonemes> {
  const say = phonemize ?? await defaultPhonemize();
  const phonemes: string[] = [];
  const words: PiperPhonemes['words'] = [];
  for (const clause of splitClauses(text)) {
    // One at a time: the WebAssembly espeak-ng is one instance with one output buffer.
    const ws = espeakWords(await say(clause.tokens.join(' '), voice));
    const alone: string[][] = [];
    for (const t of clause.tokens) alone.push([...espeakWords(await say(t, voice)).join('')]);
    const flat: string[] = [];
    const position: number[] = [];
    for (const w of ws) {
      if (phonemes.length && phonemes[phonemes.length - 1] !== ' ') phonemes.push(' ');
      for (const p of w) { position.push(phonemes.length); flat.push(p); phonemes.push(p); }
    }
    const owners = phonemeOwners(flat, alone);
    clause.tokens.forEach((word, i) => {
      const mine = position.filter((_, k) => owners[k] === i);
      if (mine.length) words.push({ word, first: mine[0], last: mine[mine.length - 1] });
    });
    if (clause.end) phonemes.push(clause.end);
    phonemes.push(' ');
  }
  while (phonemes.length && phonemes[phonemes.length - 1] === ' ') phonemes.pop();
  return { phonemes, words };
}

/**
 * Piper's ids: `^`, then each phoneme followed by the pad `_`, then `$` (the layout the voices
 * were trained on). Phonemes the voice does not know are left out, as Piper does. `index[i]` is the
 * position of phoneme i's id in the sequence (-1 when left out).
 */
export function phonemeIds(phonemes: string[], map: Record<string, number[]>): { ids: number[]; index: number[] } {
  const ids: number[] = [...map['^'], ...map['_']];
  const index: number[] = [];
  for (const p of phonemes) {
    const id = map[p];
    if (!id) { index.push(-1); continue; }
    index.push(ids.length);
    ids.push(...id, ...map['_']);
  }
  ids.push(...map['$']);
  return { ids, index };
}

/**
 * Word times from the model's frames per id: a word runs from its first phoneme's first frame to
 * its last phoneme's pad's end. `secondsPerFrame` is the clip's samples over the frames' sum.
 */
export function wordTimesFromFrames(words: PiperPhonemes['words'], index: number[], frames: ArrayLike<number>, secondsPerFrame: number): SpokenWordTime[] {
  const start = new Float64Array(frames.length + 1);
  for (let k = 0; k < frames.length; k++) start[k + 1] = start[k] + Math.max(0, frames[k]);
  const at = (i: number, dir: 1 | -1): number => {
    // A left-out phoneme has no id: the nearest kept one inside the word stands for it.
    while (i >= 0 && i < index.length && index[i] < 0) i += dir;
    return i >= 0 && i < index.length ? index[i] : -1;
  };
  const out: SpokenWordTime[] = [];
  for (const w of words) {
    const a = at(w.first, 1);
    const b = at(w.last, -1);
    if (a < 0 || b < 0 || b < a) continue;
    out.push({ word: w.word, start: start[a] * secondsPerFrame, end: start[Math.min(frames.length, b + 2)] * secondsPerFrame });
  }
  return out;
}
