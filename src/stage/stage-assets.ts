/**
 * The files a stage page loads, copied beside it so it works offline, from file:// and from any
 * static server: reveal.js and its notes plugin (deck), asciinema-player, the bundled fonts
 * (@fontsource Inter and JetBrains Mono, and the terminal's fallbacks of terminal-fonts.ts) and the
 * stage's own CSS and script.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StageMode } from './stage-model.ts';
import { facesFor, fontFaceCss } from './terminal-fonts.ts';

const require = createRequire(import.meta.url);
const CLIENT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'client');

/** A package's folder in node_modules (found from its main file: not every package exports package.json). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== name) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`package ${name} not found`);
    dir = up;
  }
  return dir;
}

/** The font faces the stage uses: family, @fontsource package, weights. */
const FONTS = [
  { family: 'Inter', pkg: '@fontsource/inter', weights: [400, 600, 700] },
  { family: 'JetBrains Mono', pkg: '@fontsource/jetbrains-mono', weights: [400, 700] },
];

/**
 * Source → target (relative to the assets folder) of every file to copy, and generated files.
 * `terminalText` (what the page's terminals draw) picks the fallback font faces the page needs.
 */
export function stageAssetList(mode: StageMode, terminalText?: string): { copies: { from: string; to: string }[]; generated: { to: string; text: string }[] } {
  const copies: { from: string; to: string }[] = [];
  const reveal = join(packageDir('reveal.js'), 'dist');
  const player = join(packageDir('asciinema-player'), 'dist', 'bundle');
  if (mode === 'deck') {
    copies.push({ from: join(reveal, 'reveal.css'), to: 'reveal/reveal.css' });
    copies.push({ from: join(reveal, 'reveal.js'), to: 'reveal/reveal.js' });
    copies.push({ from: join(reveal, 'plugin', 'notes.js'), to: 'reveal/notes.js' });
    copies.push({ from: join(player, 'asciinema-player.min.js'), to: 'asciinema-player/asciinema-player.min.js' });
  }
  copies.push({ from: join(player, 'asciinema-player.css'), to: 'asciinema-player/asciinema-player.css' });
  copies.push({ from: join(CLIENT_DIR, 'stage.css'), to: 'stage/stage.css' });
  copies.push({ from: join(CLIENT_DIR, 'stage-client.js'), to: 'stage/stage-client.js' });
  let fontsCss = '/* Bundled fonts (SIL Open Font License), from @fontsource. */\n';
  for (const font of FONTS) {
    const dir = packageDir(font.pkg);
    for (const w of font.weights) {
      const css = readFileSync(join(dir, `${w}.css`), 'utf8');
      for (const block of css.split(/(?=\/\*)/)) {
        const m = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block);
        if (!m) continue;
        copies.push({ from: join(dir, 'files', m[1]), to: `fonts/${m[1]}` });
        // Fonts block rendering until loaded: the video must never capture a fallback face.
        fontsCss += block.replace(/url\(\.\/files\/([^)]+\.woff2)\) format\('woff2'\)(, url\([^)]+\) format\('woff'\))?/, "url($1) format('woff2')")
          .replace('font-display: swap', 'font-display: block').trim() + '\n';
      }
    }
  }
  // Terminal fallbacks (Powerline/Nerd symbols, box drawing, Braille, emoji, CJK): only the faces the text needs.
  const fallbacks = facesFor(terminalText);
  for (const f of fallbacks) copies.push({ from: f.file, to: `fonts/${f.name}` });
  fontsCss += '/* Terminal fallbacks: DejaVu (Bitstream Vera licence), Nerd Fonts symbols (MIT), Noto (OFL). */\n' + fontFaceCss(fallbacks, '');
  return { copies, generated: [{ to: 'fonts/fonts.css', text: fontsCss }] };
}

/** Copies the assets for `mode` into `<dir>/assets`. */
export function writeStageAssets(dir: string, mode: StageMode, extra: { from: string; to: string }[] = [], terminalText?: string): void {
  const { copies, generated } = stageAssetList(mode, terminalText);
  const made = new Set<string>();
  const ensure = (file: string) => {
    const d = dirname(file);
    if (!made.has(d)) { mkdirSync(d, { recursive: true }); made.add(d); }
  };
  for (const c of copies) {
    const to = join(dir, 'assets', c.to);
    ensure(to);
    copyFileSync(c.from, to);
  }
  for (const g of generated) {
    const to = join(dir, 'assets', g.to);
    ensure(to);
    writeFileSync(to, g.text);
  }
  for (const c of extra) {
    const to = join(dir, c.to);
    ensure(to);
    copyFileSync(c.from, to);
  }
}
