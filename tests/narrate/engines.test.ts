import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LessoncastError } from '../../src/errors.ts';
import { espeakArgs, espeakEngine } from '../../src/narrate/engines/espeak-ng.ts';
import { checkVoiceName, festivalArgs, festivalEngine, festivalScript, parseFestivalWords, schemeString } from '../../src/narrate/engines/festival.ts';
import { fliteArgs, fliteEngine } from '../../src/narrate/engines/flite.ts';
import { allEngines, resolveEngine } from '../../src/narrate/engines/index.ts';
import { normalizeAudioArgs, pitchFilter } from '../../src/narrate/normalize-audio.ts';
import { voiceSettings } from '../../src/narrate/voice-settings.ts';
import { defineEngine } from '../../src/narrate/types.ts';
import { readWavInfo } from '../../src/narrate/wav.ts';

const dir = mkdtempSync(join(tmpdir(), 'lessoncast-engines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PATH = process.env.PATH;
afterEach(() => { process.env.PATH = PATH; });

describe('engine arguments (data)', () => {
  it('festival: one batch script loads the voice once, says each text into its file at 48 kHz', () => {
    const script = festivalScript([{ text: 'Say "hi" \\ now.', outFile: '/tmp/a.wav' }, { text: 'Two.', outFile: '/tmp/b.wav' }], { rate: 1.25 });
    const lines = script.split('\n').filter(Boolean);
    expect(lines[0]).toBe('(voice_cmu_us_slt_arctic_hts)');
    expect(script).toContain('(define (lessoncast_words utt n)');
    expect(lines.slice(-9)).toEqual([
      '(set! hts_engine_params (append hts_engine_params (list (list "-r" 1.2500))))',
      '(set! lessoncast_utt (utt.synth (Utterance Text "Say \\"hi\\" \\\\ now.")))',
      '(utt.wave.resample lessoncast_utt 48000)',
      '(utt.save.wave lessoncast_utt "/tmp/a.wav" \'riff)',
      '(lessoncast_words lessoncast_utt 0)',
      '(set! lessoncast_utt (utt.synth (Utterance Text "Two.")))',
      '(utt.wave.resample lessoncast_utt 48000)',
      '(utt.save.wave lessoncast_utt "/tmp/b.wav" \'riff)',
      '(lessoncast_words lessoncast_utt 1)',
    ]);
    expect(festivalScript([], { voice: 'kal_diphone', rate: 2 })).toContain("(Parameter.set 'Duration_Stretch 0.5000)");
    expect(festivalArgs('/tmp/say.scm')).toEqual(['--batch', '/tmp/say.scm']);
    expect(schemeString('a\nb')).toBe('"a b"');
    expect(() => checkVoiceName('x) (system "rm -rf /")')).toThrow(LessoncastError);
  });

  it('festival: word times are read from the script\'s LCW lines, per item', () => {
    const out = 'Festival Speech Synthesis\nLCW 0 0 0.165000 0.250000 The\nLCW 1 0 0.100000 0.400000 Two\nLCW 0 2 0.300000 0.520000 80/tcp\nnoise\n';
    expect(parseFestivalWords(out, 2)).toEqual([
      [{ word: 'The', start: 0.165, end: 0.25 }, { word: '80/tcp', start: 0.3, end: 0.52 }],
      [{ word: 'Two', start: 0.1, end: 0.4 }],
    ]);
  });

  it('flite and espeak-ng: voice, rate and pitch as flags; espeak reads the text from stdin', () => {
    expect(fliteArgs('-dash first', '/o.wav')).toEqual(['-voice', 'slt', '-t', '-dash first', '-o', '/o.wav']);
    expect(fliteArgs('x', '/o.wav', { voice: 'kal', rate: 0.8 })).toEqual(['-voice', 'kal', '--setf', 'duration_stretch=1.2500', '-t', 'x', '-o', '/o.wav']);
    expect(espeakArgs('/o.wav')).toEqual(['-v', 'en-us', '-w', '/o.wav', '--stdin']);
    expect(espeakArgs('/o.wav', { voice: 'en-gb', rate: 1.2, pitch: 2 })).toEqual(['-v', 'en-gb', '-s', '210', '-p', '58', '-w', '/o.wav', '--stdin']);
  });

  it('ffmpeg normalisation: 16-bit mono at the common rate, optional pitch shift keeping duration', () => {
    expect(normalizeAudioArgs('in.mp3', 'out.wav')).toEqual([
      '-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-i', 'in.mp3', '-vn', '-af', 'aresample=48000',
      '-ac', '1', '-ar', '48000', '-c:a', 'pcm_s16le', '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact', '-f', 'wav', 'out.wav',
    ]);
    expect(pitchFilter(12, 24000)).toBe('asetrate=48000,aresample=24000,atempo=0.500000');
    expect(pitchFilter(0, 24000)).toBeNull();
  });
});

describe('voice settings', () => {
  it('frontmatter beats config beats the festival default', () => {
    expect(voiceSettings({}, undefined)).toEqual({ engine: 'festival' });
    const config = { voice: { engine: 'flite', voice: 'kal', rate: 1.1 } };
    expect(voiceSettings(config, { voice: undefined, extra: {} })).toEqual({ engine: 'flite', voice: 'kal', rate: 1.1 });
    expect(voiceSettings(config, { voice: 'awb', extra: { pitch: 2 } })).toEqual({ engine: 'flite', voice: 'awb', rate: 1.1, pitch: 2 });
    expect(voiceSettings(config, { voice: 'espeak-ng', extra: { rate: '0.9' } })).toEqual({ engine: 'espeak-ng', rate: 0.9 });
    expect(voiceSettings(config, { voice: 'espeak:en-gb', extra: {} })).toEqual({ engine: 'espeak-ng', voice: 'en-gb', rate: 1.1 });
    expect(voiceSettings(config, { voice: 'awb', extra: {} }, { engine: 'festival' })).toEqual({ engine: 'festival', rate: 1.1 });
  });
});

describe('engine registry', () => {
  it('resolves built-ins and course engines, lists Debian packages for doctor, rejects unknown names', () => {
    expect(resolveEngine(undefined).name).toBe('festival');
    expect(resolveEngine('espeak').name).toBe('espeak-ng');
    const mine = defineEngine({ name: 'mine', defaultVoice: 'v', check: async () => ({ ok: true }), synthesize: async () => { throw new Error('x'); } });
    expect(resolveEngine('mine', { engines: { mine } } as never)).toBe(mine);
    expect(allEngines().map((e) => [e.name, e.packages ?? null, !!e.cloud])).toEqual([
      ['festival', ['festival', 'festvox-us-slt-hts'], false], ['flite', ['flite'], false], ['espeak-ng', ['espeak-ng'], false], ['piper', null, false],
      ['openai', null, true], ['elevenlabs', null, true], ['azure', null, true],
    ]);
    expect(() => resolveEngine('polly')).toThrow(/Unknown speech engine "polly"/);
  });
});

describe('real engines', () => {
  it.each([
    ['festival', festivalEngine],
    ['flite', fliteEngine],
    ['espeak-ng', espeakEngine],
  ])('%s says a sentence into a 48 kHz 16-bit mono WAV whose header gives its duration', async (_name, engine) => {
    expect((await engine.check()).ok).toBe(true);
    const out = join(dir, `${engine.name}.wav`);
    const res = await engine.synthesize({ text: 'Hello everyone, and welcome back.' }, out);
    const info = readWavInfo(out);
    expect(info).toMatchObject({ sampleRate: 48000, channels: 1, bitsPerSample: 16 });
    expect(res.duration).toBe(info.duration);
    expect(info.duration).toBe((statSync(out).size - info.dataOffset) / 2 / 48000);
    expect(info.duration).toBeGreaterThan(1);
    expect(info.duration).toBeLessThan(5);
  });

  it('festival: a batch gives the same audio as one at a time; a faster rate gives shorter speech', async () => {
    const text = 'In this folder we have a couple of pod definitions.';
    const [a, b] = await festivalEngine.synthesizeMany!([
      { req: { text }, outFile: join(dir, 'f1.wav') },
      { req: { text: 'Cool, that worked.' }, outFile: join(dir, 'f2.wav') },
    ]);
    expect(b.duration).toBeLessThan(a.duration);
    const single = await festivalEngine.synthesize({ text }, join(dir, 'f3.wav'));
    expect(single.duration).toBe(a.duration);
    const fast = await festivalEngine.synthesize({ text, rate: 1.5 }, join(dir, 'f4.wav'));
    expect(fast.duration).toBeLessThan(a.duration * 0.8);
    // Word times from festival's Word relation: one per spoken token, in order, inside the clip, scaled with the rate.
    for (const r of [a, single, fast]) {
      expect(r.words!.map((w) => w.word)).toEqual(['In', 'this', 'folder', 'we', 'have', 'a', 'couple', 'of', 'pod', 'definitions']);
      for (const [i, w] of r.words!.entries()) {
        expect(w.end).toBeGreaterThan(w.start);
        expect(w.start).toBeGreaterThanOrEqual(i ? r.words![i - 1].end : 0);
      }
      expect(r.words!.at(-1)!.end).toBeLessThanOrEqual(r.duration);
      expect(r.words!.at(-1)!.end).toBeGreaterThan(r.duration - 0.4);
    }
    expect(b.words!.map((w) => w.word)).toEqual(['Cool', 'that', 'worked']);
    expect(festivalEngine.wordTimes).toBe(true);
  });

  it.each([
    ['festival', festivalEngine, 'festival festvox-us-slt-hts'],
    ['flite', fliteEngine, 'flite'],
    ['espeak-ng', espeakEngine, 'espeak-ng'],
  ])('%s missing from PATH: an environment error naming the Debian package', async (_name, engine, pkg) => {
    process.env.PATH = dir;
    const err = await engine.synthesize({ text: 'hi' }, join(dir, 'never.wav')).catch((e) => e);
    expect(err).toBeInstanceOf(LessoncastError);
    expect(err.code).toBe('TOOL_MISSING');
    expect(err.fix).toContain(`apt-get install -y ${pkg}`);
    const status = await engine.check();
    expect(status.ok).toBe(false);
    expect(status.fix).toContain(pkg);
  });

  it('festival: an unknown voice is an environment error, not a crash', async () => {
    const err = await festivalEngine.synthesize({ text: 'hi', voice: 'no_such_voice' }, join(dir, 'nv.wav')).catch((e) => e);
    expect(err).toBeInstanceOf(LessoncastError);
    expect(err.code).toBe('VOICE_MISSING');
  });
});
