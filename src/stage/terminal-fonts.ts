/**
 * The terminal's font stack, one for stage, deck and site: JetBrains Mono for text, then bundled
 * fallbacks for what it lacks — DejaVu Mono (box drawing, block elements, geometric shapes,
 * arrows), the Nerd Font symbols (Powerline U+E0A0–U+E0D4 and the Nerd Font private-use icons),
 * Noto Emoji (monochrome: Chromium without a GPU draws Noto Color Emoji's COLRv1 glyphs blank),
 * Noto Sans Symbols 2 (Braille, dingbats, more symbols), Noto Sans SC (Han, kana) and Noto Sans KR
 * (Hangul). Licences and sizes: docs/stage.md. Every face keeps its unicode-range, so a
 * browser only loads the slices a page draws; a page whose text is known gets only the faces that
 * text needs (the CJK and emoji fonts are sliced in about a hundred pieces).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The CSS font-family list of every terminal (asciinema-player's `terminalFontFamily` and the stage's CSS). */
export const TERMINAL_FONT_STACK = '"JetBrains Mono", "DejaVu Mono", "Lessoncast Nerd Symbols", "Noto Emoji", "Noto Sans Symbols 2", "Noto Sans SC", "Noto Sans KR", monospace';

/** One @font-face: its family, weight, code-point ranges and the file it loads. */
export interface FontFace {
  family: string;
  weight: number;
  /** Inclusive [first, last] code points. */
  ranges: [number, number][];
  /** Absolute path of the woff2 file. */
  file: string;
  /** File name under the fonts folder (unique across packages). */
  name: string;
}

/** A package's folder in node_modules (found from its package.json or a file it ships). */
function packageDir(name: string, file: string): string {
  try { return dirname(require.resolve(`${name}/package.json`)); } catch { /* not exported */ }
  return dirname(require.resolve(`${name}/${file}`));
}

/** `U+20-7e,U+a0` → ranges. */
export function parseUnicodeRange(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    if (a.includes('?')) return [parseInt(a.replace(/\?/g, '0'), 16), parseInt(a.replace(/\?/g, 'f'), 16)] as [number, number];
    return [parseInt(a, 16), parseInt(b ?? a, 16)] as [number, number];
  });
}

/** The faces of a @fontsource package's `<weight>.css` (woff2 sources only). */
function fontsourceFaces(pkg: string, weights: number[], family: string): FontFace[] {
  const dir = packageDir(pkg, `${weights[0]}.css`);
  const faces: FontFace[] = [];
  for (const w of weights) {
    const css = readFileSync(join(dir, `${w}.css`), 'utf8');
    for (const block of css.split('@font-face').slice(1)) {
      if (!/font-style:\s*normal/.test(block)) continue;
      const url = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
      const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
      if (!url) continue;
      faces.push({ family, weight: w, ranges: range ? parseUnicodeRange(range) : [[0, 0x10ffff]], file: join(dir, 'files', url), name: url });
    }
  }
  return faces;
}

/** The Nerd Font symbols: one woff2 holding only icons (Nerd Fonts' own patcher, v3 glyph set). */
function nerdFace(): FontFace {
  const dir = packageDir('@azurity/pure-nerd-font', 'PureNerdFont.woff2');
  // Its own coverage, less box drawing and blocks (DejaVu Mono draws those on the cell grid):
  // the Powerline and Nerd Font private-use ranges and the few icons outside them.
  const ranges = parseUnicodeRange('U+23FB-23FE,U+2630,U+2665,U+26A1,U+276C-2771,U+2B58,U+E000-F8FF,U+F0000-FFFFD');
  return { family: 'Lessoncast Nerd Symbols', weight: 400, ranges, file: join(dir, 'PureNerdFont.woff2'), name: 'nerd-font-symbols.woff2' };
}

let cache: FontFace[] | null = null;

/** Every fallback face, in stack order. */
export function fallbackFaces(): FontFace[] {
  if (cache) return cache;
  cache = [
    ...fontsourceFaces('@fontsource/dejavu-mono', [400, 700], 'DejaVu Mono'),
    nerdFace(),
    ...fontsourceFaces('@fontsource/noto-emoji', [400], 'Noto Emoji'),
    ...fontsourceFaces('@fontsource/noto-sans-symbols-2', [400], 'Noto Sans Symbols 2'),
    ...fontsourceFaces('@fontsource/noto-sans-sc', [400], 'Noto Sans SC'),
    ...fontsourceFaces('@fontsource/noto-sans-kr', [400], 'Noto Sans KR'),
  ].filter((f) => existsSync(f.file));
  return cache;
}

/** Faces needed to draw `text` (those whose range holds one of its code points); all without a text. */
export function facesFor(text?: string): FontFace[] {
  const all = fallbackFaces();
  if (text === undefined) return all;
  const points = new Set<number>();
  for (const ch of text) { const cp = ch.codePointAt(0)!; if (cp > 0x7e) points.add(cp); }
  const sorted = [...points];
  return all.filter((f) => sorted.some((cp) => f.ranges.some(([a, b]) => cp >= a && cp <= b)));
}

/** @font-face rules for `faces`, their files under `urlPrefix`. `display` is `block` for the video (never a fallback frame). */
export function fontFaceCss(faces: FontFace[], urlPrefix: string, display: 'block' | 'swap' = 'block'): string {
  const hex = (n: number) => n.toString(16).toUpperCase();
  return faces.map((f) => `@font-face { font-family: "${f.family}"; font-style: normal; font-weight: ${f.weight}; font-display: ${display}; ` +
    `src: url("${urlPrefix}${f.name}") format("woff2"); unicode-range: ${f.ranges.map(([a, b]) => (a === b ? `U+${hex(a)}` : `U+${hex(a)}-${hex(b)}`)).join(',')}; }`).join('\n') + '\n';
}
