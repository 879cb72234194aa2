/** eSpeak NG (Debian `espeak-ng`): always there, many languages, robotic; the last fallback. */
import { join } from 'node:path';
import { LessoncastError } from '../../errors.ts';
import { diskFullAt } from '../../adapters/fs-failure.ts';
import { processTempDir } from '../../adapters/temp-dir.ts';
import { howItEnded, installHint, requireTool, run, which } from '../../adapters/tools.ts';
import { defineEngine, type EngineStatus } from '../types.ts';
import { normalizeAudio } from '../normalize-audio.ts';

export const ESPEAK_VOICE = 'en-us';
const PACKAGE = 'espeak-ng';
const OTHER = 'macOS: brew install espeak-ng';
/** espeak-ng's default speed in words per minute and pitch (0–99). */
const WPM = 175;
const PITCH = 50;

/** espeak-ng's argv; the text goes on stdin so that a leading dash is never read as an option. */
export function espeakArgs(outFile: string, opts: { voice?: string; rate?: number; pitch?: number } = {}): string[] {
  const args = ['-v', opts.voice ?? ESPEAK_VOICE];
  if (opts.rate && opts.rate > 0 && opts.rate !== 1) args.push('-s', String(Math.round(WPM * opts.rate)));
  // About 4 pitch units per semitone around the default of 50.
  if (opts.pitch) args.push('-p', String(Math.max(0, Math.min(99, Math.round(PITCH + 4 * opts.pitch)))));
  args.push('-w', outFile, '--stdin');
  return args;
}

/** The espeak-ng engine. */
export const espeakEngine = defineEngine({
  name: 'espeak-ng',
  defaultVoice: ESPEAK_VOICE,
  packages: [PACKAGE],
  async check(): Promise<EngineStatus> {
    const espeak = which('espeak-ng');
    if (!espeak) return { ok: false, fix: installHint(PACKAGE, OTHER) };
    const version = (await run(espeak, ['--version'], { timeoutMs: 10_000 })).out.match(/speech:\s*([\d.]+)/)?.[1];
    return { ok: true, version };
  },
  async synthesize(req, outFile) {
    const espeak = requireTool('espeak-ng', PACKAGE, OTHER);
    const temp = processTempDir('lessoncast-espeak-');
    const dir = temp.dir;
    try {
      const raw = join(dir, 'raw.wav');
      const res = await run(espeak, espeakArgs(raw, req), { timeoutMs: 60_000, input: req.text + '\n' });
      if (!res.ok) {
        if (res.signal) throw new LessoncastError('SPEECH_FAILED', `espeak-ng was ${howItEnded(res, 60_000)}.`, 'If nobody stopped it, the system may have run out of memory; run the build again: what was spoken is kept.');
        const full = diskFullAt(raw, { tool: 'espeak-ng' });
        if (full) throw full;
        throw new LessoncastError('SPEECH_FAILED', `espeak-ng failed: ${res.out.trim().split('\n').slice(-3).join(' | ')}`,
          `Check the voice name (espeak-ng --voices lists them; default ${ESPEAK_VOICE}).`);
      }
      // espeak-ng writes 22050 Hz: resample to the common rate.
      const info = await normalizeAudio(raw, outFile);
      return { wavFile: outFile, sampleRate: info.sampleRate, duration: info.duration };
    } finally {
      temp.remove();
    }
  },
});
