/** `lessoncast doctor`: every external tool lessoncast uses — found or missing, version, how to install. */
import { existsSync } from 'node:fs';
import pc from 'picocolors';
import { findBrowser } from '../adapters/browser.ts';
import { installHint, run, which } from '../adapters/tools.ts';
import { loadConfig } from '../config.ts';
import { findCourseRoot } from '../course.ts';

/** One line of the doctor's report. */
export interface ToolCheck {
  name: string;
  /** What lessoncast needs it for. */
  purpose: string;
  required: boolean;
  ok: boolean;
  version?: string;
  path?: string;
  fix?: string;
}

const firstLine = (s: string) => (s.split('\n').map((l) => l.trim()).find(Boolean) ?? '').replace(/\s*Copyright.*$/, '');

async function checkExecutable(o: { name: string; bin: string; args: string[]; purpose: string; required: boolean; deb: string; other?: string; parse?: (out: string) => string }): Promise<ToolCheck> {
  const path = which(o.bin);
  const base = { name: o.name, purpose: o.purpose, required: o.required };
  if (!path) return { ...base, ok: false, fix: installHint(o.deb, o.other) };
  const res = await run(path, o.args, { timeoutMs: 20_000 });
  const version = (o.parse ?? firstLine)(res.out);
  return { ...base, ok: true, path, version };
}

const FESTIVAL_VOICE_DIRS = ['/usr/share/festival/voices/us/cmu_us_slt_arctic_hts', '/usr/lib/festival/voices/us/cmu_us_slt_arctic_hts'];

async function checkFonts(): Promise<ToolCheck[]> {
  const fcList = which('fc-list');
  const families = fcList ? (await run(fcList, [':', 'family'])).out : '';
  return [
    { name: 'JetBrains Mono', deb: 'fonts-jetbrains-mono' },
    { name: 'DejaVu Sans', deb: 'fonts-dejavu' },
  ].map((f) => {
    const ok = families.includes(f.name);
    return {
      name: `font: ${f.name}`, purpose: 'system fallback font (decks and videos bundle their own web fonts)', required: false, ok,
      fix: ok ? undefined : installHint(f.deb, 'macOS: brew install --cask font-' + f.name.toLowerCase().replace(/ /g, '-')),
    };
  });
}

async function checkPty(): Promise<ToolCheck> {
  try {
    await import('node-pty');
    return { name: 'node-pty', purpose: 'lessoncast record (real pseudo-terminal)', required: false, ok: true, version: 'native module loaded' };
  } catch (err) {
    return { name: 'node-pty', purpose: 'lessoncast record (real pseudo-terminal)', required: false, ok: false,
      fix: `native module failed to load (${(err as Error).message.split('\n')[0]}); install build tools (Debian: sudo apt-get install -y python3 make g++) then npm rebuild node-pty` };
  }
}

/** Runs every check; `configured` is the browser path from the course config, if any. */
export async function runChecks(configured?: string): Promise<ToolCheck[]> {
  const browser = findBrowser(configured);
  const browserCheck: ToolCheck = browser
    ? { name: 'Chromium', purpose: 'deck PDF, video frames, tests', required: true, ok: true, path: `${browser.path} (from ${browser.from})`,
        version: firstLine((await run(browser.path, ['--version'], { timeoutMs: 20_000 })).out) }
    : { name: 'Chromium', purpose: 'deck PDF, video frames, tests', required: true, ok: false,
        fix: installHint('chromium', 'macOS: install Google Chrome; or set LESSONCAST_BROWSER=/path/to/chrome') };

  const festivalVoice = FESTIVAL_VOICE_DIRS.find((d) => existsSync(d));
  const checks = await Promise.all([
    checkExecutable({ name: 'ffmpeg', bin: 'ffmpeg', args: ['-hide_banner', '-version'], purpose: 'video encoding, audio', required: true, deb: 'ffmpeg', other: 'macOS: brew install ffmpeg' }),
    checkExecutable({ name: 'ffprobe', bin: 'ffprobe', args: ['-hide_banner', '-version'], purpose: 'media durations, voice-over clips', required: true, deb: 'ffmpeg', other: 'macOS: brew install ffmpeg' }),
    checkExecutable({ name: 'festival (default voice engine)', bin: 'text2wave', args: ['-h'], purpose: 'narration with cmu_us_slt_arctic_hts', required: true,
      deb: 'festival festvox-us-slt-hts', other: 'macOS: brew install festival (or use flite/espeak-ng or a cloud voice)',
      parse: () => '' }).then(async (c) => {
        if (!c.ok) return c;
        const v = await run(which('festival') ?? 'festival', ['--version']);
        c.version = firstLine(v.out).replace(/^.*?festival: /, '');
        if (!festivalVoice) return { ...c, ok: false, fix: installHint('festvox-us-slt-hts') + ' (the cmu_us_slt_arctic_hts voice is missing)' };
        return { ...c, version: `${c.version}; voice cmu_us_slt_arctic_hts` };
      }),
    checkExecutable({ name: 'flite', bin: 'flite', args: ['--version'], purpose: 'fallback voice', required: false, deb: 'flite', other: 'macOS: brew install flite',
      parse: (out) => /version:\s*(\S+)/.exec(out)?.[1] ?? firstLine(out) }),
    checkExecutable({ name: 'espeak-ng', bin: 'espeak-ng', args: ['--version'], purpose: 'fallback voice', required: false, deb: 'espeak-ng', other: 'macOS: brew install espeak-ng' }),
    checkExecutable({ name: 'pocketsphinx', bin: 'pocketsphinx_continuous', args: ['-h'], purpose: 'speech recognizer for the narration benchmark only', required: false,
      deb: 'pocketsphinx pocketsphinx-en-us', parse: () => 'installed' }),
    checkPty(),
    checkFonts(),
  ]);
  return [browserCheck, ...checks.flat()];
}

/** Prints the report; exits 1 when a required tool is missing. */
export async function run_(opts: { json?: boolean; root?: string }): Promise<number> {
  const root = opts.root ?? findCourseRoot(process.cwd());
  const configured = root ? (await loadConfig(root).catch(() => ({ config: {} as { browser?: string } }))).config.browser : undefined;
  const checks = await runChecks(configured);
  const missingRequired = checks.filter((c) => c.required && !c.ok);
  if (opts.json) {
    process.stdout.write(JSON.stringify({ ok: missingRequired.length === 0, node: process.version, checks }, null, 2) + '\n');
  } else {
    process.stdout.write(`lessoncast doctor  (node ${process.version}, ${process.platform})\n\n`);
    for (const c of checks) {
      const mark = c.ok ? pc.green('✓') : c.required ? pc.red('✗') : pc.yellow('!');
      process.stdout.write(`${mark} ${pc.bold(c.name)}${c.version ? pc.dim(`  ${c.version}`) : ''}\n`);
      process.stdout.write(`    ${pc.dim(c.purpose)}${c.path ? pc.dim(` — ${c.path}`) : ''}\n`);
      if (!c.ok && c.fix) process.stdout.write(`    ${c.required ? pc.red('missing') : pc.yellow('missing (optional)')}: ${c.fix}\n`);
    }
    process.stdout.write('\n' + (missingRequired.length === 0
      ? pc.green('Everything lessoncast needs is installed.\n')
      : pc.red(`${missingRequired.length} required tool(s) missing: ${missingRequired.map((c) => c.name).join(', ')}. Run scripts/setup.sh or the commands above.\n`)));
  }
  return missingRequired.length === 0 ? 0 : 1;
}

export { run_ as run };
