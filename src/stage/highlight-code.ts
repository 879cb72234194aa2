/**
 * Syntax highlighting for the editor pane with shiki (VS Code's own grammars and Dark+ theme),
 * as HTML lines. The highlighter is created once per process and loads a grammar the first time a
 * file of its language is shown (the languages: editor-languages.ts), on the JavaScript regex
 * engine (no WASM to load).
 */
import type { HighlighterCore } from 'shiki/core';
import { editorLanguage, languageOfFence, languageOfFile } from './editor-languages.ts';
import { escapeHtml } from './screen-html.ts';

/** Lines longer than this (characters) are not tokenized: VS Code's `editor.maxTokenizationLineLength`. */
export const MAX_TOKENIZED_LINE = 20_000;

/** The theme the editor pane uses (matches the stage's VS Code Dark look). */
export const EDITOR_THEME = 'dark-plus';

/** The highlighter language for a file name, or 'text'. */
export function langForFile(name: string): string {
  return languageOfFile(name);
}

/** The highlighter language for a fence's info string, or 'text'. */
export function langForFence(lang: string): string {
  return languageOfFence(lang);
}

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
  const language = editorLanguage(lang);
  if (language && !loaded.has(lang)) {
    // A grammar module's default export is the grammar with those it embeds (HTML brings CSS and JavaScript).
    const mod = (await language.load()) as { default: Parameters<HighlighterCore['loadLanguage']>[0] };
    await hl.loadLanguage(mod.default);
    loaded.add(lang);
  }
  return hl;
}

/** Highlights `code` into one HTML string per line (token spans with the theme's colors). */
export async function highlightLines(code: string, lang: string): Promise<string[]> {
  const text = code.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  if (!editorLanguage(lang)) return text.split('\n').map(escapeHtml);
  const hl = await getHighlighter(lang);
  // No time limit per line: shiki's default (500 ms) leaves the rest of a line uncoloured when the
  // machine is busy (seen: a one-line SQL sample at load 16), and a file must highlight the same on
  // every machine, since its lines are stored and drawn into every frame. Lines past VS Code's
  // `editor.maxTokenizationLineLength` are shown plain, as there, which bounds the work per line.
  const { tokens } = hl.codeToTokens(text, { lang, theme: EDITOR_THEME, tokenizeTimeLimit: 0, tokenizeMaxLineLength: MAX_TOKENIZED_LINE });
  return tokens.map((line) => line.map((t) => {
    const style = [t.color && `color:${t.color}`, t.fontStyle && t.fontStyle & 1 ? 'font-style:italic' : '', t.fontStyle && t.fontStyle & 2 ? 'font-weight:bold' : '']
      .filter(Boolean).join(';');
    return style ? `<span style="${style}">${escapeHtml(t.content)}</span>` : escapeHtml(t.content);
  }).join(''));
}
