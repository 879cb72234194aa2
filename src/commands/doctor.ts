/** `lessoncast doctor [--install-browser]`: every external tool lessoncast uses — found or missing, version, how to install; a browser downloaded on request. */
import pc from 'picocolors';
import { findBrowser } from '../adapters/browser.ts';
import type { DownloadProgress } from '../adapters/install-browser.ts';
import { installHint, run, which } from '../adapters/tools.ts';
import { loadConfig, type LessoncastConfig } from '../config.ts';
import { isExpectedError } from '../errors.ts';
import type { Diagnostic } from '../types.ts';
import { allEngines, defaultEngineName, hasRuntime, resolveEngine } from '../narrate/engines/index.ts';
import { DEFAULT_NEURAL_VOICE } from '../narrate/voices/voice-catalogue.ts';
import { installedVoice } from '../narrate/voices/installed-voices.ts';
import { findCourseRoot } from '../course.ts';
import type { CommandContext } from './command-options.ts';

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

/** Each speech engine the course can use (built-ins and its own), checked by the engine itself. */
async function checkEngines(config: LessoncastConfig): Promise<ToolCheck[]> {
  const wanted = config.voice?.engine ?? defaultEngineName(config.voice?.voice);
  return Promise.all([courseVoice(config), ...allEngines(config).map(async (engine) => {
    const status = await engine.check().catch((err: Error) => ({ ok: false, version: undefined, fix: err.message }));
    const isDefault = engine.name === wanted;
    return {
      name: `speech: ${engine.name}${isDefault ? ' (this course\'s voice)' : ''}`,
      purpose: engine.cloud ? 'cloud voice (needs an API key and the network)' : isDefault ? 'narration' : 'fallback voice',
      required: isDefault,
      ok: status.ok, version: status.version, fix: status.ok ? undefined : status.fix,
    };
  })]);
}

/** What the neural voice lacks here: the ONNX runtime beside lessoncast, the voice model, or both. */
function neuralVoiceFix(): string {
  const steps = [
    ...(hasRuntime() ? [] : ['ONNXRUNTIME_NODE_INSTALL=skip npm install -g onnxruntime-node (the runtime, beside lessoncast)']),
    ...(installedVoice(DEFAULT_NEURAL_VOICE) ? [] : [`lessoncast voices add ${DEFAULT_NEURAL_VOICE}`]),
  ];
  return `festival speaks; for the neural voice: ${steps.join(', then ')}`;
}

/** Which voice the course gets, and how to get the neural one when it falls back to festival. */
async function courseVoice(config: LessoncastConfig): Promise<ToolCheck> {
  const named = config.voice?.engine;
  const engineName = named ?? defaultEngineName(config.voice?.voice);
  let voice = config.voice?.voice;
  try { voice ??= resolveEngine(engineName, config).defaultVoice; } catch { /* an unknown engine: the config check reports it */ }
  const fallback = !named && engineName !== 'piper';
  return {
    name: `voice: ${engineName} ${voice ?? ''}`.trim(),
    purpose: named ? 'the voice this course names (lessons may name their own)' : 'the voice this course gets: it names none, so the neural voice if installed, else festival',
    required: false, ok: !fallback,
    fix: fallback ? neuralVoiceFix() : undefined,
  };
}

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

/**
 * How to get node-pty: an optional peer dependency, installed beside lessoncast on request (it is
 * compiled at install time, and npm runs no dependency's install script without being asked).
 */
export function ptyFix(err: unknown): string {
  const missing = (err as NodeJS.ErrnoException)?.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find (module|package) 'node-pty'/.test(String((err as Error)?.message));
  return `${missing ? 'node-pty is not installed (it is optional: a native module compiled where it is installed)' : `node-pty failed to load (${String((err as Error)?.message).split('\n')[0]})`}; ` +
    'with build tools (Debian: sudo apt-get install -y python3 make g++; macOS: xcode-select --install), install it beside lessoncast: ' +
    'npm install -g node-pty --allow-scripts=node-pty (a project install: npm install node-pty)';
}

async function checkPty(): Promise<ToolCheck> {
  try {
    await import('node-pty');
    return { name: 'node-pty', purpose: 'lessoncast record and check (real pseudo-terminal)', required: false, ok: true, version: 'native module loaded' };
  } catch (err) {
    return { name: 'node-pty', purpose: 'lessoncast record and check (real pseudo-terminal)', required: false, ok: false,
      fix: ptyFix(err) };
  }
}

/** Runs every check; `configured` is the browser path from the course config, if any. */
export async function runChecks(config: LessoncastConfig = {}): Promise<ToolCheck[]> {
  const browser = findBrowser(config.browser);
  const browserCheck: ToolCheck = browser
    ? { name: 'Chromium', purpose: 'deck PDF, video frames, tests', required: true, ok: true, path: `${browser.path} (from ${browser.from})`,
        version: firstLine((await run(browser.path, ['--version'], { timeoutMs: 20_000 })).out) }
    : { name: 'Chromium', purpose: 'deck PDF, video frames, tests', required: true, ok: false,
        fix: `lessoncast doctor --install-browser (Chrome for Testing into your cache), or ${installHint('chromium', 'macOS: install Google Chrome; or set LESSONCAST_BROWSER=/path/to/chrome')}` };

  const checks = await Promise.all([
    checkExecutable({ name: 'ffmpeg', bin: 'ffmpeg', args: ['-hide_banner', '-version'], purpose: 'video encoding, audio', required: true, deb: 'ffmpeg', other: 'macOS: brew install ffmpeg' }),
    checkExecutable({ name: 'ffprobe', bin: 'ffprobe', args: ['-hide_banner', '-version'], purpose: 'media durations, voice-over clips', required: true, deb: 'ffmpeg', other: 'macOS: brew install ffmpeg' }),
    checkExecutable({ name: 'pocketsphinx', bin: 'pocketsphinx_continuous', args: ['-h'], purpose: 'speech recognizer for the narration benchmark only', required: false,
      deb: 'pocketsphinx pocketsphinx-en-us', parse: () => 'installed' }),
    checkEngines(config),
    checkPty(),
    checkFonts(),
  ]);
  return [browserCheck, ...checks.flat()];
}

/** The course config as a check: found, and what is wrong in it (unknown keys, bad values, a file that does not load). */
async function checkCourseConfig(root: string | null): Promise<{ config: LessoncastConfig; check: ToolCheck | null; diagnostics: Diagnostic[] }> {
  if (!root) return { config: {}, check: null, diagnostics: [] };
  try {
    const { config, file, diagnostics } = await loadConfig(root);
    if (!file) return { config, check: null, diagnostics };
    const errors = diagnostics.filter((d) => d.severity === 'error');
    return {
      config, diagnostics,
      check: { name: 'course config', purpose: 'title, voice, theme and settings of this course', required: true, ok: errors.length === 0, path: file,
        version: diagnostics.length ? `${diagnostics.length} problem(s)` : 'valid',
        fix: errors.length ? diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}${d.hint ? ` (${d.hint})` : ''}`).join('; ') : undefined },
    };
  } catch (err) {
    if (!isExpectedError(err)) throw err;
    return { config: {}, diagnostics: [], check: { name: 'course config', purpose: 'title, voice, theme and settings of this course', required: true, ok: false, fix: `${err.message}${err.fix ? ` — ${err.fix}` : ''}` } };
  }
}

/** A download's progress on stderr: a bar on a terminal, a line every 10% otherwise. */
async function downloadProgress(ctx: CommandContext, label: string): Promise<{ tick: DownloadProgress; stop(): void }> {
  const mb = (n: number) => Math.round(n / 1e6);
  if (ctx.stderr.isTTY) {
    const { SingleBar, Presets } = await import('cli-progress');
    const bar = new SingleBar({ stream: ctx.stderr as NodeJS.WriteStream, format: `${label} [{bar}] {percentage}% | {value}/{total} MB | {eta_formatted} left`, hideCursor: true }, Presets.shades_classic);
    let started = false;
    return {
      tick(done, total) { if (!started) { bar.start(mb(total), 0); started = true; } bar.update(mb(done)); },
      stop() { if (started) bar.stop(); },
    };
  }
  let shown = -1;
  return {
    tick(done, total) {
      const tenth = total ? Math.floor((done / total) * 10) : 0;
      if (tenth > shown) { shown = tenth; ctx.stderr.write(`${label}: ${tenth * 10}% of ${mb(total)} MB\n`); }
    },
    stop() {},
  };
}

/** `--install-browser`: Chrome for Testing into the user's cache, with progress. */
async function installBrowserNow(ctx: CommandContext): Promise<void> {
  const { installBrowser, pinnedChromeBuild } = await import('../adapters/install-browser.ts');
  const buildId = await pinnedChromeBuild();
  const before = findBrowser();
  const progress = await downloadProgress(ctx, `Chrome for Testing ${buildId}`);
  let installed: Awaited<ReturnType<typeof installBrowser>>;
  try {
    installed = await installBrowser({ buildId, onProgress: progress.tick });
  } finally {
    progress.stop();
  }
  ctx.stderr.write(`${pc.green('✓')} Chrome for Testing ${installed.buildId} installed: ${installed.path}\n`);
  if (before && before.from !== 'lessoncast-cache' && before.path !== installed.path)
    ctx.stderr.write(pc.dim(`  lessoncast still uses ${before.path} (from ${before.from}) first; LESSONCAST_BROWSER=${installed.path} picks the new one\n`));
}

/** Prints the report; exits 1 when a required tool is missing or the course config has errors. */
export async function run_(opts: { json?: boolean; root?: string; installBrowser?: boolean }, ctx: CommandContext): Promise<number> {
  if (opts.installBrowser) await installBrowserNow(ctx);
  const root = opts.root ?? findCourseRoot(process.cwd());
  const { config, check: configCheck } = await checkCourseConfig(root);
  const checks = [...(configCheck ? [configCheck] : []), ...(await runChecks(config))];
  const missingRequired = checks.filter((c) => c.required && !c.ok);
  if (opts.json) {
    ctx.stdout.write(JSON.stringify({ ok: missingRequired.length === 0, node: process.version, checks }, null, 2) + '\n');
  } else {
    ctx.stdout.write(`lessoncast doctor  (node ${process.version}, ${process.platform})\n\n`);
    for (const c of checks) {
      const mark = c.ok ? pc.green('✓') : c.required ? pc.red('✗') : pc.yellow('!');
      ctx.stdout.write(`${mark} ${pc.bold(c.name)}${c.version ? pc.dim(`  ${c.version}`) : ''}\n`);
      ctx.stdout.write(`    ${pc.dim(c.purpose)}${c.path ? pc.dim(` — ${c.path}`) : ''}\n`);
      const what = c === configCheck ? 'to fix' : 'missing';
      if (!c.ok && c.fix) ctx.stdout.write(`    ${c.required ? pc.red(what) : pc.yellow(`${what} (optional)`)}: ${c.fix}\n`);
    }
    const missingTools = missingRequired.filter((c) => c !== configCheck);
    ctx.stdout.write('\n' + (missingRequired.length === 0
      ? pc.green('Everything lessoncast needs is installed.\n')
      : (missingTools.length ? pc.red(`${missingTools.length} required tool(s) missing: ${missingTools.map((c) => c.name).join(', ')}. Run scripts/setup.sh or the commands above.\n`) : '') +
        (configCheck && !configCheck.ok ? pc.red('The course config has errors: see above (lessoncast lint lists them too).\n') : '')));
  }
  return missingRequired.length === 0 ? 0 : 1;
}

export { run_ as run };
