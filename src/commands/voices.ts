/** `lessoncast voices list | add SOURCE | remove NAME`: the neural voices installed in the user's cache folder. */
import pc from 'picocolors';
import { addVoice } from '../narrate/voices/add-voice.ts';
import { installedVoice, listInstalledVoices, removeVoice } from '../narrate/voices/installed-voices.ts';
import { DEFAULT_NEURAL_VOICE, VOICE_CATALOGUE } from '../narrate/voices/voice-catalogue.ts';
import { voicesDir } from '../narrate/voices/voices-dir.ts';
import type { CommandContext, Output } from './command-options.ts';

export interface VoicesOptions { json?: boolean; sha256?: string; name?: string; quiet?: boolean }

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/** A progress bar per downloaded file on a terminal (cli-progress), else nothing. */
async function progress(out: Output | null): Promise<{ onProgress?: (label: string, received: number, total: number | null) => void; stop(): void }> {
  if (!out?.isTTY) return { stop() {} };
  const { SingleBar, Presets } = await import('cli-progress');
  let bar: InstanceType<typeof SingleBar> | null = null;
  let current = '';
  return {
    onProgress(label, received, total) {
      if (label !== current) {
        bar?.stop();
        current = label;
        bar = new SingleBar({ format: `${label} [{bar}] {percentage}% {got} / {all}`, stream: out as NodeJS.WriteStream, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
        bar.start(total ?? received, 0, { got: mb(0), all: total ? mb(total) : '?' });
      }
      if (total === null) bar!.setTotal(received);
      bar!.update(received, { got: mb(received), all: total ? mb(total) : '?' });
    },
    stop: () => bar?.stop(),
  };
}

/** list: installed voices, then the catalogue's others. */
function list(opts: VoicesOptions, ctx: CommandContext): number {
  const installed = listInstalledVoices();
  const names = new Set(installed.map((v) => v.name));
  if (opts.json) {
    ctx.stdout.write(JSON.stringify({
      dir: voicesDir(),
      installed: installed.map(({ name, engine, sha256, size, verified, source, language, sampleRate }) => ({ name, engine, sha256, size, verified, source, language, sampleRate })),
      available: VOICE_CATALOGUE.filter((v) => !names.has(v.name)).map((v) => ({ name: v.name, engine: v.engine, language: v.language, quality: v.quality, license: v.license, sha256: v.model.sha256 ?? null })),
    }, null, 2) + '\n');
    return 0;
  }
  const out: string[] = [pc.bold(`Installed voices (${voicesDir()}):`)];
  if (installed.length === 0) out.push(pc.dim(`  none — lessoncast voices add ${DEFAULT_NEURAL_VOICE}`));
  for (const v of installed)
    out.push(`  ${pc.green('✓')} ${v.name.padEnd(24)} ${v.engine}  ${mb(v.size).padStart(8)}  ${v.verified ? 'sha256 checked' : pc.yellow('sha256 recorded, not published')}${v.name === DEFAULT_NEURAL_VOICE ? pc.dim('  (default)') : ''}`);
  const rest = VOICE_CATALOGUE.filter((v) => !names.has(v.name));
  if (rest.length) {
    out.push('', pc.bold('Available (lessoncast voices add NAME):'));
    for (const v of rest) out.push(`    ${v.name.padEnd(24)} ${v.engine}  ${v.about}${pc.dim(` (licence: ${v.license}${v.model.sha256 ? '' : '; no published sha256 known'})`)}`);
  }
  out.push('', pc.dim('Also: lessoncast voices add URL | FILE.onnx | FOLDER | FILE.whl'));
  ctx.stdout.write(out.join('\n') + '\n');
  return 0;
}

/** Runs `voices <action> [arg]`. */
export async function run(action: string, arg: string | undefined, opts: VoicesOptions, ctx: CommandContext): Promise<number> {
  if (action === 'list') return list(opts, ctx);
  if (action === 'add') {
    const bar = await progress(opts.quiet ? null : ctx.stderr);
    try {
      const v = await addVoice(arg ?? DEFAULT_NEURAL_VOICE, { sha256: opts.sha256, name: opts.name, onProgress: bar.onProgress });
      bar.stop();
      if (opts.json) ctx.stdout.write(JSON.stringify({ name: v.name, dir: v.dir, sha256: v.sha256, size: v.size, verified: v.verified }, null, 2) + '\n');
      else ctx.stdout.write(`${pc.green('✓')} ${v.name} installed in ${v.dir} (${mb(v.size)}, sha256 ${v.sha256.slice(0, 12)}…, ${v.verified ? 'checked against the published sum' : 'no published sum known: recorded'})\n`);
      return 0;
    } finally {
      bar.stop();
    }
  }
  // remove
  const name = arg ?? '';
  const had = !!installedVoice(name);
  if (!removeVoice(name)) {
    ctx.stderr.write(`${pc.yellow('warning')} no voice ${name} in ${voicesDir()} (lessoncast voices list shows them)\n`);
    return 1;
  }
  if (!opts.quiet) ctx.stdout.write(`${pc.green('✓')} ${had ? 'removed' : 'removed the unfinished install of'} ${name}\n`);
  return 0;
}
