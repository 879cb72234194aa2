/** flite (Debian `flite`): fast and small, less clear than festival's HTS voice; a fallback. */
import { join } from 'node:path';
import { LessoncastError } from '../../errors.ts';
import { diskFullAt } from '../../adapters/fs-failure.ts';
import { processTempDir } from '../../adapters/temp-dir.ts';
import { howItEnded, installHint, requireTool, run, which } from '../../adapters/tools.ts';
import { defineEngine, type EngineStatus } from '../types.ts';
import { normalizeAudio } from '../normalize-audio.ts';
import { asciiText } from './ascii-text.ts';

export const FLITE_VOICE = 'slt';
const PACKAGE = 'flite';
const OTHER = 'macOS: brew install flite';

/** flite's argv: voice, rate as duration stretch (its inverse), text, output file. */
export function fliteArgs(text: string, outFile: string, opts: { voice?: string; rate?: number } = {}): string[] {
  const args = ['-voice', opts.voice ?? FLITE_VOICE];
  if (opts.rate && opts.rate > 0 && opts.rate !== 1) args.push('--setf', `duration_stretch=${(1 / opts.rate).toFixed(4)}`);
  // `-t` takes the next argument as text even when it starts with a dash.
  args.push('-t', asciiText(text), '-o', outFile);
  return args;
}

/** The flite engine. */
export const fliteEngine = defineEngine({
  name: 'flite',
  defaultVoice: FLITE_VOICE,
  packages: [PACKAGE],
  async check(): Promise<EngineStatus> {
    const flite = which('flite');
    if (!flite) return { ok: false, fix: installHint(PACKAGE, OTHER) };
    const version = (await run(flite, ['--version'], { timeoutMs: 10_000 })).out.match(/flite-([\w.-]+)/)?.[1];
    return { ok: true, version };
  },
  async synthesize(req, outFile) {
    const flite = requireTool('flite', PACKAGE, OTHER);
    const temp = processTempDir('lessoncast-flite-');
    const dir = temp.dir;
    try {
      const raw = join(dir, 'raw.wav');
      const res = await run(flite, fliteArgs(req.text, raw, req), { timeoutMs: 60_000 });
      if (!res.ok) {
        if (res.signal) throw new LessoncastError('SPEECH_FAILED', `flite was ${howItEnded(res, 60_000)}.`, 'If nobody stopped it, the system may have run out of memory; run the build again: what was spoken is kept.');
        const full = diskFullAt(raw, { tool: 'flite' });
        if (full) throw full;
        throw new LessoncastError('SPEECH_FAILED', `flite failed: ${res.out.trim().split('\n').slice(-3).join(' | ')}`,
          `Check the voice name (flite -lv lists them; default ${FLITE_VOICE}).`);
      }
      // flite writes 16 kHz: resample (and shift pitch, which flite cannot do by semitones).
      const info = await normalizeAudio(raw, outFile, { pitch: req.pitch });
      return { wavFile: outFile, sampleRate: info.sampleRate, duration: info.duration };
    } finally {
      temp.remove();
    }
  },
});
