/**
 * English spelling (nspell + dictionary-en, loaded once per process, lazily), the field's words
 * (cspell's technical word lists, tech-words.ts) and the course's own words:
 * `<course root>/course-words.txt` and config `words`. Building nspell expands every affix
 * of the dictionary (~120k forms, 200-500 ms); the expanded table is cached in
 * `<cacheDir>/nspell-en-<hash>.txt` (see dictionary-cache.ts), so later processes load it in ~30 ms.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { distance } from 'fastest-levenshtein';
import { loadDictionary, type Speller } from './dictionary-cache.ts';
import { techWords } from './tech-words.ts';

/** Checks one word; suggestions are computed only for misspelled words and cached. */
export interface SpellChecker {
  correct(word: string): boolean;
  /** Up to 3 suggestions; `deep: false` skips nspell's own search (~10-100 ms a word), keeping the cheap ones. */
  suggest(word: string, deep?: boolean): string[];
}

/** Words every course about software uses that the English dictionary lacks. */
const BUILT_IN = ['ok', 'okay', 'localhost', 'loopback', 'namespace', 'namespaces', 'config', 'configs', 'repo', 'repos', 'env', 'stdout', 'stderr', 'backend', 'frontend', 'runtime', 'workflow', 'username', 'filesystem'];

const checkers = new Map<string, Promise<SpellChecker>>();
/** course-words.txt as last read, by path: re-read only when its size or mtime changes (lint runs per lesson). */
const wordLists = new Map<string, { stamp: string; words: string[] }>();

/** Reads a course word list: one word a line, `#` comments. */
export function readWordList(file: string): string[] {
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) return [];
  const stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
  const cached = wordLists.get(file);
  if (cached?.stamp === stamp) return cached.words;
  const words = readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
  wordLists.set(file, { stamp, words });
  return words;
}

/**
 * The spell checker for a course root and its extra words (one per distinct word set).
 * `cacheDir` (the course's build/.cache) holds the expanded dictionary; without it nothing is cached.
 */
export function spellCheckerFor(root: string, extraWords: string[] = [], cacheDir?: string): Promise<SpellChecker> {
  const words = [...BUILT_IN, ...readWordList(join(root, 'course-words.txt')), ...extraWords];
  const key = words.join('\n');
  let checker = checkers.get(key);
  if (!checker) {
    checker = createChecker(words, cacheDir);
    checkers.set(key, checker);
  }
  return checker;
}

async function createChecker(words: string[], cacheDir: string | undefined): Promise<SpellChecker> {
  const spell: Speller = (await loadDictionary(cacheDir)).speller();
  const tech = techWords(cacheDir);
  const lower = new Set<string>();
  for (const w of words) { spell.add(w); lower.add(w.toLowerCase()); }
  const known = new Map<string, boolean>();
  const suggestions = new Map<string, string[]>();
  const correct = (word: string): boolean => {
    let ok = known.get(word);
    if (ok === undefined) {
      const w = word.toLowerCase();
      ok = lower.has(w) || tech.has(w) || tech.has(w.replace(/’/g, "'")) || spell.correct(word) || spell.correct(word.replace(/’/g, "'"));
      known.set(word, ok);
    }
    return ok;
  };
  return {
    correct,
    suggest(word, deep = true) {
      let s = suggestions.get(word);
      if (!s) {
        const w = word.toLowerCase();
        // Course words first: "yamls" → yaml, "cento-os" → centos.
        const near = [...lower].filter((c) => distance(c, w.replace(/-/g, '')) <= Math.max(1, Math.floor(c.length / 4)))
          .sort((a, b) => distance(a, w) - distance(b, w));
        // "get's" is the verb "gets" with a stray apostrophe.
        const possessive = /^(.+)['’]s$/.exec(word);
        const stem = possessive && spell.correct(possessive[1]) ? [`${possessive[1]}s`] : [];
        // "realtime" → "real-time": two words run together.
        const split: string[] = [];
        for (let i = 2; i <= word.length - 2 && !split.length; i++)
          if (/^[a-z]+$/i.test(word) && spell.correct(word.slice(0, i)) && spell.correct(word.slice(i)) && word.slice(i).length > 2 && i > 2) split.push(`${word.slice(0, i)}-${word.slice(i)}`, `${word.slice(0, i)} ${word.slice(i)}`);
        // Swapped letters are the commonest typo: "adderss" → address before adders.
        const letters = (x: string) => [...x.toLowerCase()].sort().join('');
        // One edit away first (cheap: ~500 lookups); nspell's own search (~30 ms a word) only if that fails.
        const near1 = oneEditAway(word, (c) => spell.correct(c));
        // nspell's search costs ~30-100 ms a word: only for words an English speller could mean (not
        // pasted logs or other scripts, where hundreds of words would make lint take seconds: docs/limits.md).
        const dict = near1.length || stem.length || near.length || split.length || !deep ? near1 : /^[a-z'’-]{3,16}$/i.test(word) ? spell.suggest(word) : [];
        // ...and a typo rarely changes the first letter: "adress" → address before dress.
        const rank = (d: string) => (letters(d) === letters(word) ? 0 : 2) + (d[0]?.toLowerCase() === word[0]?.toLowerCase() ? 0 : 1);
        const ranked = dict.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i).map((x) => x.d);
        s = [...new Set([...stem, ...near, ...split, ...ranked])].slice(0, 3);
        if (deep || s.length) suggestions.set(word, s);
      }
      return s;
    },
  };
}

/** Words one edit from `word` that `correct` accepts: swapped letters first, then deleted, added, replaced. */
export function oneEditAway(word: string, correct: (w: string) => boolean): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const out = new Set<string>();
  const tryWord = (w: string) => { if (w && w !== word && !out.has(w) && correct(w)) out.add(w); };
  for (let i = 0; i < word.length - 1; i++) tryWord(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  for (let i = 0; i < word.length; i++) tryWord(word.slice(0, i) + word.slice(i + 1));
  for (let i = 0; i <= word.length; i++) for (const ch of letters) tryWord(word.slice(0, i) + ch + word.slice(i));
  for (let i = 0; i < word.length; i++) for (const ch of letters) if (ch !== word[i]) tryWord(word.slice(0, i) + ch + word.slice(i + 1));
  return [...out];
}
