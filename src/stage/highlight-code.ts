/**
 * Syntax highlighting for the editor pane with shiki (VS Code's own grammars and Dark+ theme),
 * as HTML lines. The highlighter is created once per process with only the languages used, on
 * the JavaScript regex engine (no WASM to load).
 */
import type { HighlighterCore } from 'shiki/core';
import { escapeHtml } from './screen-html.ts';

/** The theme the editor pane uses (matches the stage's VS Code Dark look). */
export const EDITOR_THEME = 'dark-plus';

const LANG_BY_EXT: Record<string, string> = {
  yml: 'yaml', yaml: 'yaml', sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', json: 'json',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'typescript', py: 'python', go: 'go',
  toml: 'toml', ini: 'ini', conf: 'ini', cfg: 'ini', dockerfile: 'dockerfile', mk: 'make', makefile: 'make',
};

const LANG_ALIASES: Record<string, string> = {
  yml: 'yaml', sh: 'shellscript', bash: 'shellscript', shell: 'shellscript', console: 'shellscript', zsh: 'shellscript',
  js: 'javascript', ts: 'typescript', py: 'python', docker: 'dockerfile',
};

const LOADERS: Record<string, () => Promise<unknown>> = {
  yaml: () => import('@shikijs/langs/yaml'),
  shellscript: () => import('@shikijs/langs/shellscript'),
  json: () => import('@shikijs/langs/json'),
  javascript: () => import('@shikijs/langs/javascript'),
  typescript: () => import('@shikijs/langs/typescript'),
  python: () => import('@shikijs/langs/python'),
  go: () => import('@shikijs/langs/go'),
  toml: () => import('@shikijs/langs/toml'),
  ini: () => import('@shikijs/langs/ini'),
  dockerfile: () => import('@shikijs/langs/dockerfile'),
  make: () => import('@shikijs/langs/make'),
};

/** The highlighter language for a file name, or 'text'. */
export function langForFile(name: string): string {
  const base = name.split('/').pop()!.toLowerCase();
  if (base === 'dockerfile' || base === 'makefile') return LANG_BY_EXT[base];
  const ext = base.includes('.') ? base.split('.').pop()! : '';
  return LANG_BY_EXT[ext] ?? 'text';
}

/** The highlighter language for a fence's info string, or 'text'. */
export function langForFence(lang: string): string {
  const l = lang.trim().toLowerCase();
  const name = LANG_ALIASES[l] ?? l;
  return LOADERS[name] ? name : 'text';
}

/**
 * Tokenizing depends on the text alone, never on the clock. shiki stops a line after 500 ms by
 * default and leaves the rest uncolored: the first line of a file, where the grammar's patterns are
 * compiled, took 50-110 ms here and passed 500 ms on a loaded machine (a YAML comment came out
 * #D4D4D4 instead of #6A9955), so the same file highlighted differently by two builds and their
 * frames differed (docs/video.md, "The same pixels everywhere"). No time limit; instead, as VS Code
 * does, lines over 20,000 characters are not tokenized, which depends on the text only.
 */
export const TOKENIZE = { tokenizeTimeLimit: 0, tokenizeMaxLineLength: 20_000 } as const;

let highlighter: Promise<HighlighterCore> | null = null;
const loaded = new Set<string>();

async function getHighlighter(lang: string): Promise<HighlighterCore> {
  highlighter ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }, theme] = await Promise.all([
      import('shiki/core'), import('shiki/engine/javascript'), import('@shikijs/themes/dark-plus'),
    ]);
    return createHighlighterCore({ themes: [theme.default], langs: [], engine: createJavaScriptRegexEngine() });
  })();
  const hl = await highlighter;
  if (lang !== 'text' && !loaded.has(lang)) {
    const mod = (await LOADERS[lang]()) as { default: Parameters<HighlighterCore['loadLanguage']>[0] };
    await hl.loadLanguage(mod.default);
    loaded.add(lang);
  }
  return hl;
}

/** Highlights `code` into one HTML string per line (token spans with the theme's colors). */
export async function highlightLines(code: string, lang: string): Promise<string[]> {
  const text = code.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  if (lang === 'text' || !LOADERS[lang]) return text.split('\n').map(escapeHtml);
  const hl = await getHighlighter(lang);
  const { tokens } = hl.codeToTokens(text, { lang, theme: EDITOR_THEME, ...TOKENIZE });
  return tokens.map((line) => line.map((t) => {
    const style = [t.color && `color:${t.color}`, t.fontStyle && t.fontStyle & 1 ? 'font-style:italic' : '', t.fontStyle && t.fontStyle & 2 ? 'font-weight:bold' : '']
      .filter(Boolean).join(';');
    return style ? `<span style="${style}">${escapeHtml(t.content)}</span>` : escapeHtml(t.content);
  }).join(''));
}
