/**
 * The narration track's loudness pass: the gain is predicted from the mix in memory (BS.1770, the
 * measure ffmpeg's ebur128 makes), so one ffmpeg run encodes the track and checks it; the search
 * runs only when that check misses. Real festival clips, real ffmpeg.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { clipLoudness, narrationMeasuredSpec, AAC_OPTIONS } from '../../src/adapters/ffmpeg.ts';
import { festivalEngine } from '../../src/narrate/engines/festival.ts';
import { readWav } from '../../src/narrate/wav.ts';
import { integratedLoudness, limitedLoudness } from '../../src/render/video/mix-loudness.ts';
import { limited } from './reference-limiter.ts';
import { mixNarration, narrationTrack } from '../../src/render/video/narration-track.ts';
import { clipGains } from '../../src/render/video/plan-video.ts';
import type { RenderGuard } from '../../src/render/video/render-guard.ts';
import { keyFor } from '../../src/store/artifact-inputs.ts';
import { storeAt } from '../../src/store/folder-store.ts';
import { loudnessOf } from './conformance.ts';

const dir = mkdtempSync(join(tmpdir(), 'lessoncast-track-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** Tracks nothing: this test starts no render that Ctrl-C could interrupt. */
const guard = { child: () => () => {}, track: () => () => {}, sweep: () => {}, stopping: () => false } as unknown as RenderGuard;

describe('narration track loudness', () => {
  it('measures a mix as ebur128 does: a 997 Hz sine at -20 dBFS is -23.0 LUFS; festival speech agrees with ffmpeg within 0.1 LU', async () => {
    const sine = Float32Array.from({ length: 48000 * 3 }, (_, i) => 0.1 * Math.sin((2 * Math.PI * 997 * i) / 48000));
    expect(integratedLoudness(sine, 48000)).toBeCloseTo(-23.01, 1);
    expect(integratedLoudness(new Float32Array(48000), 48000)).toBeNull();
    const [clip] = await festivalEngine.synthesizeMany!([{ req: { text: 'Every pod gets its own address, and services give pods a stable name.' }, outFile: join(dir, 'a.wav') }]);
    const w = readWav(clip.wavFile);
    const ours = integratedLoudness(Float32Array.from(w.samples, (s) => s / 32768), 48000)!;
    const [theirs] = await clipLoudness([clip.wavFile]);
    expect(Math.abs(ours - theirs!)).toBeLessThan(0.1);
  });

  it('the one-pass limiter and K-weighting equal the limiter and the measure run one after the other', () => {
    // Bursts of a sine with peaks past the ceiling, and silences: the limiter acts and releases.
    const x = Float32Array.from({ length: 48000 * 6 }, (_, i) => (Math.floor(i / 24000) % 2 ? 0.9 : 0.05) * Math.sin((2 * Math.PI * 440 * i) / 48000) * (1 + 0.3 * Math.sin(i / 900)));
    for (const gain of [0, 3, 9]) {
      const fused = limitedLoudness(x, 48000, gain, -3)!;
      expect(Math.abs(fused - integratedLoudness(limited(x, 48000, gain, -3), 48000)!)).toBeLessThan(1e-6);
    }
    // The limiter takes more the louder it is driven: 9 dB more gain is far less than 9 LU louder.
    expect(limitedLoudness(x, 48000, 9, -3)! - limitedLoudness(x, 48000, 0, -3)!).toBeLessThan(6);
  });

  it('encodes and measures in one ffmpeg run (as data)', () => {
    const spec = narrationMeasuredSpec(new PassThrough(), '/o/n.m4a', 'volume=1.00dB');
    expect(spec.outputOptions).toEqual(['-filter_complex', '[0:a]volume=1.00dB,asplit=2[track][meter];[meter]ebur128=peak=true[measured]', '-map', '[track]', ...AAC_OPTIONS, '-movflags', '+faststart', '-f', 'mp4']);
    expect(spec.output).toBe('/o/n.m4a');
    expect(spec.also).toEqual([{ options: ['-map', '[measured]', '-f', 'null'], output: '/dev/null' }]);
  });

  it('reaches the target in one pass over the track', async () => {
    const texts = ['Services give pods a stable name.', 'The DNS server answers for it, inside the cluster.', 'Let us try it with a busybox pod.'];
    const clips = await festivalEngine.synthesizeMany!(texts.map((text, i) => ({ req: { text }, outFile: join(dir, `c${i}.wav`) })));
    const loud = await clipLoudness(clips.map((c) => c.wavFile));
    const gains = clipGains(loud, -16);
    let t = 0.5;
    const placements = clips.map((c, i) => { const p = { file: c.wavFile, offset: t, gainDb: gains[i] }; t += c.duration + 0.6; return p; });
    const plan = { key: keyFor('narration', { sampleRate: 48000, duration: Math.round(t * 1000), loudness: { target: -16, truePeak: -1 }, encoder: AAC_OPTIONS, clips: [] }), sampleRate: 48000, duration: t, placements, loudness: { target: -16, truePeak: -1 } };
    expect(mixNarration(plan).length).toBe(Math.round(t * 48000));
    const store = storeAt(join(dir, 'store'));
    const entry = await narrationTrack(plan, store, dir, guard);
    expect(entry.meta).toMatchObject({ passes: 1 });
    expect(Math.abs((entry.meta.measured as { integrated: number }).integrated - -16)).toBeLessThanOrEqual(0.3);
    const l = loudnessOf(entry.files['narration.m4a']);
    expect(Math.abs(l.integrated - -16)).toBeLessThanOrEqual(0.5);
    expect(l.truePeak).toBeLessThanOrEqual(-1);
  });
});
