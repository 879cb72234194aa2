/**
 * Festival with the HTS voice `cmu_us_slt_arctic_hts` (Debian `festvox-us-slt-hts`): the clearest
 * offline voice Debian packages, and lessoncast's default.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LessoncastError } from '../../errors.ts';
import { diskFullAt } from '../../adapters/fs-failure.ts';
import { processTempDir } from '../../adapters/temp-dir.ts';
import { howItEnded, installHint, requireTool, run, which } from '../../adapters/tools.ts';
import { defineEngine, type EngineStatus, type SpeechRequest, type SpeechResult } from '../types.ts';
import { normalizeAudio } from '../normalize-audio.ts';
import { readWavInfo, SAMPLE_RATE } from '../wav.ts';
import { asciiText } from './ascii-text.ts';

export const FESTIVAL_VOICE = 'cmu_us_slt_arctic_hts';
const PACKAGES = ['festival', 'festvox-us-slt-hts'];
const OTHER = 'macOS: brew install festival, then add the cmu_us_slt_arctic_hts voice';

/** A Scheme string literal (festival reads the batch script as Scheme). */
export function schemeString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
}

/** Voice names go into Scheme code as symbols: only plain names are accepted. */
export function checkVoiceName(voice: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(voice))
    throw new LessoncastError('VOICE_INVALID', `"${voice}" is not a festival voice name.`, `Use a name such as ${FESTIVAL_VOICE} (festival -b '(print (voice.list))' lists them).`);
  return voice;
}

/**
 * Scheme that prints, for an utterance, one line per token of its text that has spoken words:
 * `LCW <item> <token> <start> <end> <token name>`, times in seconds from festival's Word relation
 * (word_start of the token's first word, word_end of its last). Punctuation has no words.
 */
const WORD_TIMES_SCHEME = `(define (lessoncast_spoken ws)
  (cond ((null ws) nil)
        ((item.relation (car ws) 'Word) (cons (car ws) (lessoncast_spoken (cdr ws))))
        (t (lessoncast_spoken (cdr ws)))))
(define (lessoncast_words utt n)
  (let ((tok (utt.relation.first utt 'Token)) (k 0) (ws nil))
    (while tok
      (set! ws (lessoncast_spoken (item.daughters tok)))
      (if ws (format t "LCW %d %d %f %f %s\\n" n k (item.feat (car ws) "word_start") (item.feat (car (last ws)) "word_end") (item.name tok)))
      (set! k (+ k 1))
      (set! tok (item.next tok)))))`;

/** Word times printed by the script (WORD_TIMES_SCHEME), per item in order; other output is ignored. */
export function parseFestivalWords(out: string, items: number): { word: string; start: number; end: number }[][] {
  const words: { word: string; start: number; end: number }[][] = Array.from({ length: items }, () => []);
  for (const m of out.matchAll(/^LCW (\d+) \d+ ([\d.]+) ([\d.]+) (.*)$/gm)) {
    const n = Number(m[1]);
    if (n < items) words[n].push({ word: m[4], start: Number(m[2]), end: Number(m[3]) });
  }
  return words;
}

/**
 * The Scheme script that says each text into its file: the voice is loaded once for all of them,
 * and each utterance's word times are printed (parseFestivalWords reads them).
 * Rate: HTS voices take hts_engine's `-r` (speed factor); other voices `Duration_Stretch` (its inverse).
 * The wave is resampled inside festival to the common rate, so no converter runs when pitch is 0.
 */
export function festivalScript(items: { text: string; outFile: string }[], opts: { voice?: string; rate?: number; sampleRate?: number } = {}): string {
  const voice = checkVoiceName(opts.voice ?? FESTIVAL_VOICE);
  const rate = opts.rate && opts.rate > 0 ? opts.rate : 1;
  const lines = [`(voice_${voice})`, WORD_TIMES_SCHEME];
  if (rate !== 1) {
    lines.push(voice.endsWith('_hts')
      ? `(set! hts_engine_params (append hts_engine_params (list (list "-r" ${rate.toFixed(4)}))))`
      : `(Parameter.set 'Duration_Stretch ${(1 / rate).toFixed(4)})`);
  }
  // `Utterance` does not evaluate its arguments, so each text is written out literally (no helper function).
  for (const [i, it] of items.entries()) {
    lines.push(`(set! lessoncast_utt (utt.synth (Utterance Text ${schemeString(asciiText(it.text))})))`);
    lines.push(`(utt.wave.resample lessoncast_utt ${opts.sampleRate ?? SAMPLE_RATE})`);
    lines.push(`(utt.save.wave lessoncast_utt ${schemeString(it.outFile)} 'riff)`);
    lines.push(`(lessoncast_words lessoncast_utt ${i})`);
  }
  return lines.join('\n') + '\n';
}

/** festival's argv for a batch script. */
export function festivalArgs(scriptFile: string): string[] {
  return ['--batch', scriptFile];
}

function requireFestival(): string {
  return requireTool('festival', PACKAGES.join(' '), OTHER);
}

async function synthesizeMany(items: { req: SpeechRequest; outFile: string }[]): Promise<SpeechResult[]> {
  if (items.length === 0) return [];
  const festival = requireFestival();
  const voice = items[0].req.voice ?? FESTIVAL_VOICE;
  const rate = items[0].req.rate;
  const pitch = items[0].req.pitch;
  for (const it of items)
    if ((it.req.voice ?? FESTIVAL_VOICE) !== voice || it.req.rate !== rate || it.req.pitch !== pitch)
      throw new TypeError('festival synthesizeMany: all requests of a batch must share voice, rate and pitch');
  // The script holds the narration text: removed however this ends (temp-dir.ts).
  const temp = processTempDir('lessoncast-festival-');
  const dir = temp.dir;
  try {
    // Festival writes raw output here; with a pitch shift it is converted into outFile afterwards.
    const raw = items.map((it, i) => (pitch ? join(dir, `${i}.wav`) : it.outFile));
    const script = join(dir, 'say.scm');
    writeFileSync(script, festivalScript(items.map((it, i) => ({ text: it.req.text, outFile: raw[i] })), { voice, rate }));
    // ~1 s to load the voice and ~0.5 s a sentence on an idle machine; the margin is for a machine
    // shared with builds and tests (a batch of 8 took over 100 s there at a load average of 30).
    const timeoutMs = 60_000 + 30_000 * items.length;
    const res = await run(festival, festivalArgs(script), { timeoutMs });
    const missing = raw.filter((f) => !existsSync(f));
    if (!res.ok || missing.length) {
      if (res.signal && !res.timedOut)
        throw new LessoncastError('SPEECH_FAILED', `festival was ${howItEnded(res)} while speaking ${items.length} sentence(s).`,
          'If nobody stopped it, the system may have run out of memory (dmesg shows the OOM killer); run the build again: what was spoken is kept.');
      const full = diskFullAt(raw[0], { tool: 'festival' });
      if (full) throw full;
      if (/unbound variable : voice_/.test(res.out))
        throw new LessoncastError('VOICE_MISSING', `festival has no voice "${voice}".`,
          voice === FESTIVAL_VOICE ? installHint('festvox-us-slt-hts') : `Install the voice, or use ${FESTIVAL_VOICE} (${installHint('festvox-us-slt-hts')}).`);
      const said = res.out.trim().split('\n').filter((l) => !/closing a file left open/.test(l)).slice(-4).join(' | ');
      throw new LessoncastError('SPEECH_FAILED', `festival failed (${howItEnded(res, timeoutMs)})${said ? `: ${said}` : ''}`,
        'Run `lessoncast doctor`; check that the text is plain English.');
    }
    const out: SpeechResult[] = [];
    const words = parseFestivalWords(res.out, items.length);
    for (const [i, it] of items.entries()) {
      const info = pitch ? await normalizeAudio(raw[i], it.outFile, { pitch }) : readWavInfo(it.outFile);
      // The pitch shift keeps the duration; the clamp only guards against rounding at the end.
      const clamp = (t: number) => Math.min(Math.max(0, t), info.duration);
      out.push({ wavFile: it.outFile, sampleRate: info.sampleRate, duration: info.duration, words: words[i].map((w) => ({ word: w.word, start: clamp(w.start), end: clamp(w.end) })) });
    }
    return out;
  } finally {
    temp.remove();
  }
}

/** Where Debian and the festival tarball put voices. */
const VOICE_DIRS = ['/usr/share/festival/voices', '/usr/lib/festival/voices', '/usr/local/share/festival/voices'];
const LANG_DIRS = ['us', 'english', 'british', 'en'];

/** The festival engine (default). */
export const festivalEngine = defineEngine({
  name: 'festival',
  defaultVoice: FESTIVAL_VOICE,
  wordTimes: true,
  packages: PACKAGES,
  async check(): Promise<EngineStatus> {
    const festival = which('festival');
    if (!festival) return { ok: false, fix: installHint(PACKAGES.join(' '), OTHER) };
    const version = (await run(festival, ['--version'], { timeoutMs: 10_000 })).out.match(/System:\s*([\d.]+)/)?.[1];
    const onDisk = VOICE_DIRS.some((d) => LANG_DIRS.some((l) => existsSync(join(d, l, FESTIVAL_VOICE))));
    const hasVoice = onDisk || (await run(festival, ['-b', '(print (voice.list))'], { timeoutMs: 10_000 })).out.includes(FESTIVAL_VOICE);
    if (!hasVoice) return { ok: false, version, fix: `voice ${FESTIVAL_VOICE} missing: ${installHint('festvox-us-slt-hts')}` };
    return { ok: true, version: version ? `${version} (${FESTIVAL_VOICE})` : FESTIVAL_VOICE };
  },
  async synthesize(req, outFile) {
    return (await synthesizeMany([{ req, outFile }]))[0];
  },
  synthesizeMany,
});
