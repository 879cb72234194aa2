/** Copies the site's shared assets (stylesheet, script, player, fonts) into `<outDir>/assets/`, skipping unchanged files. */
import { createRequire } from 'node:module';
import { copyFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { facesFor, fontFaceCss } from '../../stage/terminal-fonts.ts';
import { ignoreErrorAs } from '../../errors.ts';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/** Source → name under assets/, for every asset the site pages link. */
export function siteAssetSources(): { from: string; to: string }[] {
  const player = dirname(require.resolve('asciinema-player/dist/bundle/asciinema-player.css'));
  const inter = join(dirname(require.resolve('@fontsource/inter/package.json')), 'files');
  const mono = join(dirname(require.resolve('@fontsource/jetbrains-mono/package.json')), 'files');
  return [
    { from: join(here, 'assets', 'site.css'), to: 'site.css' },
    { from: join(here, 'assets', 'site.js'), to: 'site.js' },
    { from: join(player, 'asciinema-player.min.js'), to: 'asciinema-player.min.js' },
    { from: join(player, 'asciinema-player.css'), to: 'asciinema-player.css' },
    ...[400, 600, 700].map((w) => ({ from: join(inter, `inter-latin-${w}-normal.woff2`), to: `fonts/inter-latin-${w}-normal.woff2` })),
    ...[400, 700].map((w) => ({ from: join(mono, `jetbrains-mono-latin-${w}-normal.woff2`), to: `fonts/jetbrains-mono-latin-${w}-normal.woff2` })),
    // The terminal's fallbacks, all of them (one folder serves every lesson; browsers fetch only the slices a page draws).
    ...facesFor().map((f) => ({ from: f.file, to: `fonts/${f.name}` })),
  ];
}

/** The @font-face rules of the terminal's fallback fonts (site.css imports them). */
export function siteTerminalFontsCss(): string {
  return '/* Terminal fallbacks (src/stage/terminal-fonts.ts): DejaVu (Bitstream Vera licence), Nerd Fonts symbols (MIT), Noto (OFL). */\n' + fontFaceCss(facesFor(), '', 'swap');
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a), stat(b).catch(ignoreErrorAs(null, 'no copy yet: it is made'))]);
  if (!sb || sa.size !== sb.size) return false;
  // Small files (our css/js) are compared by content: an edit can keep the size.
  if (sa.size < 256 * 1024) return (await readFile(a)).equals(await readFile(b));
  return sb.mtimeMs >= sa.mtimeMs;
}

/** Writes the assets the pages need; returns how many files were (re)written. */
export async function writeSiteAssets(outDir: string): Promise<number> {
  const dir = join(outDir, 'assets');
  let written = 0;
  await Promise.all(siteAssetSources().map(async ({ from, to }) => {
    const dest = join(dir, to);
    if (await sameFile(from, dest)) return;
    await mkdir(dirname(dest), { recursive: true });
    const tmp = `${dest}.tmp-${process.pid}`;
    await copyFile(from, tmp);
    await rename(tmp, dest);
    written++;
  }));
  const css = join(dir, 'fonts', 'terminal-fonts.css');
  const text = siteTerminalFontsCss();
  if ((await readFile(css, 'utf8').catch(ignoreErrorAs(null, 'no file yet: it is written'))) !== text) {
    await mkdir(dirname(css), { recursive: true });
    await writeFile(`${css}.tmp-${process.pid}`, text);
    await rename(`${css}.tmp-${process.pid}`, css);
    written++;
  }
  return written;
}
