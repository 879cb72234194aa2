/**
 * The English dictionary as nspell sees it once built, cached on disk. nspell's constructor expands
 * every affix rule of dictionary-en into a table of ~120k word forms (200-500 ms, most of a lint
 * run); that table depends only on the nspell version and the dictionary's bytes, so it is written
 * once to `<cacheDir>/nspell-en-<sha256 of those>.txt` and read back as two sorted lists (~30 ms).
 * Checking and suggesting still run nspell's own code, over the same table.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import nspell from 'nspell';
import { writeFileAtomicSync } from '../adapters/atomic-write.ts';

/** An nspell instance. */
export type Speller = ReturnType<typeof nspell>;

/** The expanded dictionary, shared by every spell checker of the process. */
export interface Dictionary {
  /** A fresh nspell over the shared table (words added to it stay in it). */
  speller(): Speller;
  /** Where the table came from this time, and its cache file (null: not cached). */
  source: 'built' | 'cache';
  file: string | null;
}

/** nspell's state after reading a .dic: the affix-expanded word table and the compound rules it builds. */
export interface ExpandedTable {
  /** Every word form, sorted by UTF-16 code units (what `<` compares). */
  words: string[];
  /** The rule codes of `words[i]`, joined by \u0001 ('' for none). */
  codes: string[];
  compoundRuleCodes: Record<string, string[]>;
  compoundRules: { source: string; flags: string; regex: boolean }[];
}

// Bump when the file layout or what is stored changes.
const FORMAT = 1;
const CODE_SEP = '\u0001';
const SECTION_SEP = '\u0000';

type NSpellState = Speller & { data: Record<string, string[]>; compoundRuleCodes: Record<string, string[]>; compoundRules: (RegExp | string)[] };

let loaded: Promise<Dictionary> | null = null;

/** Loads (once per process) the expanded dictionary, from `cacheDir` when it has a valid copy. */
export function loadDictionary(cacheDir?: string): Promise<Dictionary> {
  loaded ??= openDictionary(cacheDir);
  return loaded;
}

/** Reads or builds (and caches) the table; not memoized: use `loadDictionary`. */
export async function openDictionary(cacheDir: string | undefined): Promise<Dictionary> {
  const { aff, dic } = (await import('dictionary-en')).default as { aff: Uint8Array; dic: Uint8Array };
  const version = (createRequire(import.meta.url)('nspell/package.json') as { version: string }).version;
  const key = createHash('sha256').update(`${FORMAT}\0nspell@${version}\0`).update(aff).update('\0').update(dic).digest('hex').slice(0, 24);
  const file = cacheDir ? join(cacheDir, `nspell-en-${key}.txt`) : null;
  let table = file ? readTable(file, key) : null;
  const source = table ? 'cache' : 'built';
  if (!table) {
    table = expandDictionary(aff, dic);
    if (file) writeTable(file, key, table);
  }
  const t = table;
  return { source, file, speller: () => spellerOver(aff, t) };
}

/** Builds nspell the ordinary way and takes its table out. */
export function expandDictionary(aff: Uint8Array, dic: Uint8Array): ExpandedTable {
  const spell = nspell({ aff, dic } as never) as NSpellState;
  const words = Object.keys(spell.data).sort();
  return {
    words,
    codes: words.map((w) => spell.data[w].join(CODE_SEP)),
    compoundRuleCodes: spell.compoundRuleCodes,
    compoundRules: spell.compoundRules.map((r) => (r instanceof RegExp ? { source: r.source, flags: r.flags, regex: true } : { source: r, flags: '', regex: false })),
  };
}

/** An nspell with the affix file parsed as usual and the word table put in from `table`. */
export function spellerOver(aff: Uint8Array, table: ExpandedTable): Speller {
  const spell = nspell({ aff } as never) as NSpellState;
  spell.data = tableData(table);
  spell.compoundRuleCodes = Object.fromEntries(Object.entries(table.compoundRuleCodes).map(([k, v]) => [k, [...v]]));
  spell.compoundRules = table.compoundRules.map((r) => (r.regex ? new RegExp(r.source, r.flags) : r.source));
  return spell;
}

/**
 * nspell's `data` object (word → rule codes) over the sorted lists: nspell only reads entries
 * (`data[w]`, `w in data`) and writes them (`add`), so a proxy answering those by binary search
 * replaces building a 120k-key object. Writes and decoded entries live in an overlay.
 */
function tableData({ words, codes }: ExpandedTable): Record<string, string[]> {
  const overlay = new Map<string, string[] | undefined>();
  const lookup = (w: string): string[] | undefined => {
    if (overlay.has(w)) return overlay.get(w);
    let lo = 0;
    let hi = words.length - 1;
    let found: string[] | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = words[mid];
      if (m === w) { found = codes[mid] ? codes[mid].split(CODE_SEP) : []; break; }
      if (m < w) lo = mid + 1;
      else hi = mid - 1;
    }
    overlay.set(w, found);
    return found;
  };
  return new Proxy(Object.create(null) as Record<string, string[]>, {
    get: (_t, k) => (typeof k === 'string' ? lookup(k) : undefined),
    has: (_t, k) => typeof k === 'string' && lookup(k) !== undefined,
    set: (_t, k, v: string[]) => { if (typeof k !== 'string') return false; overlay.set(k, v); return true; },
    deleteProperty: (_t, k) => { if (typeof k === 'string') overlay.set(k, undefined); return true; },
  });
}

/** The table from its cache file, or null if the file is missing, from other inputs, or damaged. */
function readTable(file: string, key: string): ExpandedTable | null {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch { return null; }
  try {
    const [headText, wordText, codeText, end] = text.split(SECTION_SEP);
    const head = JSON.parse(headText) as { format: number; key: string; count: number; compoundRuleCodes: ExpandedTable['compoundRuleCodes']; compoundRules: ExpandedTable['compoundRules'] };
    if (head.format !== FORMAT || head.key !== key || end !== 'end') return null;
    const words = wordText.split('\n');
    const codes = codeText.split('\n');
    if (words.length !== head.count || codes.length !== head.count) return null;
    return { words, codes, compoundRuleCodes: head.compoundRuleCodes, compoundRules: head.compoundRules };
  } catch {
    // A damaged or older cache file: the caller builds the table again.
    return null;
  }
}

/** Writes the cache file whole (temp name, then rename); a read-only cache dir only costs the next run time. */
function writeTable(file: string, key: string, table: ExpandedTable): void {
  const head = { format: FORMAT, key, count: table.words.length, compoundRuleCodes: table.compoundRuleCodes, compoundRules: table.compoundRules };
  // The lists are split on these characters when read back.
  if (table.words.some((w) => /[\n\0]/.test(w)) || table.codes.some((c) => /[\n\0]/.test(c))) return;
  try {
    writeFileAtomicSync(file, [JSON.stringify(head), table.words.join('\n'), table.codes.join('\n'), 'end'].join(SECTION_SEP));
  } catch {
    // Not cached: the next process builds the table again.
  }
}
