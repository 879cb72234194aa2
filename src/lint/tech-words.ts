/**
 * The field's own words: cspell's maintained word lists for Kubernetes, software terms, shell,
 * full-stack web, Docker, git, AWS, company names and file types (npm @cspell/dict-*), read from
 * each package's cspell-ext.json. The lists hold base forms without affix rules, so each word also
 * stands for its regular plural and, for a plural, its singular (lookup → lookups, nameservers →
 * nameserver). The expanded set is cached in `<cacheDir>/tech-words-<hash>.txt` like the English
 * dictionary (dictionary-cache.ts): one read instead of ~20 files and their gunzip.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { writeFileAtomicSync } from '../adapters/atomic-write.ts';

/** The cspell dictionaries lint uses, besides English (docs/lint.md). */
export const TECH_DICTIONARIES = [
  '@cspell/dict-k8s', '@cspell/dict-software-terms', '@cspell/dict-shell', '@cspell/dict-fullstack',
  '@cspell/dict-docker', '@cspell/dict-git', '@cspell/dict-aws', '@cspell/dict-companies', '@cspell/dict-filetypes',
] as const;

// Bump when what is stored changes.
const FORMAT = 2;
const require = createRequire(import.meta.url);

let loaded: Set<string> | null = null;

/** A package's folder and version. */
function packageInfo(name: string): { dir: string; version: string } {
  // The packages export only their cspell-ext.json, which sits beside package.json.
  const dir = dirname(require.resolve(`${name}/cspell-ext.json`));
  return { dir, version: (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version };
}

/** The word files a cspell-ext.json defines (its `dictionaryDefinitions`), absolute. */
export function dictionaryFiles(dir: string): string[] {
  // cspell-ext.json allows // comments (JSONC); none of the strings in these files hold "//".
  const text = readFileSync(join(dir, 'cspell-ext.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const ext = JSON.parse(text) as { dictionaryDefinitions?: { path: string }[] };
  return (ext.dictionaryDefinitions ?? []).map((d) => join(dir, d.path)).filter((p) => /\.txt(\.gz)?$/.test(p));
}

/**
 * Words of one cspell word list, lower-cased: `#` comments and `!forbidden` entries dropped, the
 * compound markers `*` and `+` and the case marker `~` removed.
 */
export function parseWordList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line || line.startsWith('!')) continue;
    for (const entry of line.split(/\s+/)) {
      const w = entry.replace(/^[~+*]+|[+*]+$/g, '').toLowerCase();
      // One- and two-letter entries (os, io, ui) are acronyms, written in capitals and skipped as such;
      // in lower case they would let typos through as parts of a hyphenated word ("cento-os").
      if (w.length > 2 && /^[\p{L}\p{N}][\p{L}\p{N}'’._-]*$/u.test(w)) out.push(w);
    }
  }
  return out;
}

/** Adds the regular plural of each word and the singular of each plural (the lists carry no affix rules). */
export function withNumberForms(words: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    out.add(w);
    if (!/^[a-z]{3,}$/.test(w)) continue;
    if (/(s|x|z|ch|sh)$/.test(w)) out.add(`${w}es`);
    else if (/[^aeiou]y$/.test(w)) out.add(`${w.slice(0, -1)}ies`);
    else out.add(`${w}s`);
    if (/[^s]s$/.test(w)) out.add(w.slice(0, -1));
  }
  return out;
}

/** The expanded technical word set, lower-case; loaded once per process, cached in `cacheDir` when given. */
export function techWords(cacheDir?: string): Set<string> {
  if (loaded) return loaded;
  const packages = TECH_DICTIONARIES.map((name) => ({ name, ...packageInfo(name) }));
  const key = createHash('sha256').update(`${FORMAT}\0${packages.map((p) => `${p.name}@${p.version}`).join('\0')}`).digest('hex').slice(0, 24);
  const file = cacheDir ? join(cacheDir, `tech-words-${key}.txt`) : null;
  if (file) {
    try {
      const [head, ...words] = readFileSync(file, 'utf8').split('\n');
      if (head === `lessoncast tech words ${key} ${words.length}`) return (loaded = new Set(words));
    } catch { /* not cached yet */ }
  }
  const words: string[] = [];
  for (const p of packages)
    for (const f of dictionaryFiles(p.dir)) {
      const bytes = readFileSync(f);
      words.push(...parseWordList((f.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')));
    }
  loaded = withNumberForms(words);
  if (file) {
    const list = [...loaded].filter((w) => !w.includes('\n'));
    try { writeFileAtomicSync(file, [`lessoncast tech words ${key} ${list.length}`, ...list].join('\n')); } catch { /* not cached: built again next time */ }
  }
  return loaded;
}
