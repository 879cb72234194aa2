/**
 * The Piper engine with the real en_US-joe-medium voice in onnxruntime-node: 48 kHz clips, word
 * times from the model's own phoneme durations, the same samples for the same text, and the
 * phonemizer's words traced back to our tokens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { piperEngine, piperSynthesize } from '../../src/narrate/engines/piper.ts';
import { phonemeIds, phonemeOwners, splitClauses, wordTimesFromFrames } from '../../src/narrate/engines/piper-phonemes.ts';
import { defaultEngineName } from '../../src/narrate/engines/index.ts';
import { readWavInfo } from '../../src/narrate/wav.ts';
import { testVoice, useTestVoice, TEST_VOICE } from '../helpers/test-voice.ts';

const dir = mkdtempSync(join(tmpdir(), 'lessoncast-piper-'));
let restore: () => void;
beforeAll(() => { restore = useTestVoice(); });
afterAll(() => { restore?.(); rmSync(dir, { recursive: true, force: true }); });

describe('piper phonemes (pure)', () => {
  it('splits clauses at their punctuation and keeps it', () => {
    expect(splitClauses('Pods talk, and (mostly) answer. Done!')).toEqual([
      { tokens: ['Pods', 'talk'], end: ',' }, { tokens: ['and', 'mostly', 'answer'], end: '.' }, { tokens: ['Done'], end: '!' }]);
    expect(splitClauses('no end')).toEqual([{ tokens: ['no', 'end'], end: '' }]);
  });

  it('traces phonemes of words espeak joined ("there are" → one word) back to each token', () => {
    const clause = [...'ðɛɹˌɑːɹ fˈoːɹɾi'.replace(/ /g, '')];
    const owners = phonemeOwners(clause, [[...'ðˈɛɹ'], [...'ˈɑːɹ'], [...'fˈoːɹɾitˈuː']]);
    expect(owners.slice(0, 3)).toEqual([0, 0, 0]);
    expect(owners.slice(4, 7)).toEqual([1, 1, 1]);
    expect(owners.slice(-3)).toEqual([2, 2, 2]);
  });

  it('lays ids out as Piper does (^ _ p _ p _ $) and sums frames into word spans', () => {
    const map = { '^': [1], '$': [2], '_': [0], a: [14], b: [15], ' ': [3] };
    const { ids, index } = phonemeIds(['a', ' ', 'b', '?'], map);
    expect(ids).toEqual([1, 0, 14, 0, 3, 0, 15, 0, 2]);
    expect(index).toEqual([2, 4, 6, -1]);
    const frames = [1, 1, 10, 2, 3, 1, 20, 4, 1];
    expect(wordTimesFromFrames([{ word: 'a', first: 0, last: 0 }, { word: 'b', first: 2, last: 2 }], index, frames, 0.01)).toEqual([
      { word: 'a', start: 0.02, end: 0.14 }, { word: 'b', start: 0.18, end: 0.42 }]);
  });
});

describe('piper engine (real voice)', () => {
  it('is the default engine when its voice is installed', () => {
    expect(defaultEngineName()).toBe('piper');
    expect(defaultEngineName('cmu_us_slt_arctic_hts')).toBe('festival');
    expect(piperEngine.identity!(TEST_VOICE)).toEqual({ model: testVoice().sha256 });
  });

  it('says a sentence at 48 kHz with a word time per token, in order, inside the clip', async () => {
    const text = 'There are 42 pods in the cluster, and CoreDNS answers them.';
    const r = await piperSynthesize({ text }, join(dir, 'a.wav'));
    expect(readWavInfo(r.wavFile)).toMatchObject({ sampleRate: 48000, channels: 1, bitsPerSample: 16 });
    expect(r.duration).toBeGreaterThan(2.5);
    expect(r.duration).toBeLessThan(6);
    expect(r.words!.map((w) => w.word)).toEqual(['There', 'are', '42', 'pods', 'in', 'the', 'cluster', 'and', 'CoreDNS', 'answers', 'them']);
    let last = 0;
    for (const w of r.words!) {
      expect(w.start).toBeGreaterThanOrEqual(last - 1e-9);
      expect(w.end).toBeGreaterThan(w.start);
      last = w.end;
    }
    expect(last).toBeLessThanOrEqual(r.duration);
    // "42" is two spoken words (forty two): longer than "in".
    const len = (t: string) => r.words!.find((w) => w.word === t)!;
    expect(len('42').end - len('42').start).toBeGreaterThan(2 * (len('in').end - len('in').start));
    // The comma is a pause: a gap between "cluster" and "and".
    expect(len('and').start - len('cluster').end).toBeGreaterThan(0.1);
  });

  it('a faster rate is shorter', async () => {
    // A longer sentence: VITS draws its durations with noise, and the silence around the words does
    // not scale, so a short one came out 0.86 as long at rate 1.4 once (0.71 for the words alone).
    const text = 'Services find their pods by label, and kube-proxy sends each connection to one of them.';
    const a = await piperSynthesize({ text }, join(dir, 'b1.wav'));
    const fast = await piperSynthesize({ text, rate: 1.4 }, join(dir, 'b3.wav'));
    expect(fast.duration).toBeLessThan(a.duration * 0.85);
  });

  it('names the command that installs a missing voice', async () => {
    await expect(piperSynthesize({ text: 'Hi.', voice: 'en_US-nobody-low' }, join(dir, 'c.wav'))).rejects.toMatchObject({
      code: 'VOICE_MISSING', fix: expect.stringContaining('lessoncast voices add en_US-nobody-low') });
  });
});
