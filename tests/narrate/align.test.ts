import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alignToFestival } from '../../src/narrate/align/align-to-festival.ts';
import { dtwPath } from '../../src/narrate/align/dtw.ts';
import { estimateWordTimes, writtenWordTimes } from '../../src/narrate/align/written-words.ts';
import { fliteEngine } from '../../src/narrate/engines/flite.ts';
import { buildLexicon } from '../../src/narrate/lexicon.ts';
import { pronounce } from '../../src/narrate/pronounce.ts';
import { fliteWordTimes } from './flite-word-times.ts';

const dir = mkdtempSync(join(tmpdir(), 'lessoncast-align-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('written word times from spoken ones', () => {
  it('gives a written token the span of all the spoken words said for it', () => {
    const parts = pronounce('The CoreDNS pod answers.', buildLexicon());
    const spoken = [['The', 0.1, 0.2], ['core', 0.2, 0.5], ['D', 0.5, 0.7], ['N', 0.7, 0.9], ['S', 0.9, 1.1], ['pod', 1.2, 1.5], ['answers', 1.5, 2]]
      .map(([word, start, end]) => ({ word: word as string, start: start as number, end: end as number }));
    expect(writtenWordTimes(parts, spoken, 2.2)).toEqual([
      { text: 'The', start: 0.1, end: 0.2 }, { text: 'CoreDNS', start: 0.2, end: 1.1 },
      { text: 'pod', start: 1.2, end: 1.5 }, { text: 'answers', start: 1.5, end: 2 },
    ]);
  });

  it('fills a word the engine did not report from its neighbours, and splits a phrase entry by length', () => {
    const parts = pronounce('my smart phone rings now', buildLexicon({ 'smart phone': 'smartphone' }));
    const spoken = [{ word: 'my', start: 0.1, end: 0.3 }, { word: 'smartphone', start: 0.3, end: 1.3 }, { word: 'now', start: 1.8, end: 2 }];
    const w = writtenWordTimes(parts, spoken, 2.1);
    expect(w.map((x) => x.text)).toEqual(['my', 'smart', 'phone', 'rings', 'now']);
    expect(w[1]).toEqual({ text: 'smart', start: 0.3, end: expect.closeTo(0.3 + 1 * 5 / 10, 6) });
    expect(w[2].end).toBeCloseTo(1.3, 6);
    expect(w[3]).toEqual({ text: 'rings', start: 1.3, end: 1.8 });
  });

  it('estimates by length without any times, in order and inside the clip', () => {
    const w = estimateWordTimes('One, two — three.', 3);
    expect(w.map((x) => x.text)).toEqual(['One', 'two', 'three']);
    for (const [i, x] of w.entries()) {
      expect(x.start).toBeGreaterThanOrEqual(i ? w[i - 1].end : 0);
      expect(x.end).toBeLessThanOrEqual(3);
    }
  });
});

describe('dtwPath', () => {
  it('finds the warp between a sequence and a stretched copy of it', () => {
    const a = [0, 1, 2, 3, 4, 5].map((v) => Float32Array.of(v));
    const b = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5].map((v) => Float32Array.of(v));
    const { first, last } = dtwPath(a, b, 3);
    expect([...first]).toEqual([0, 2, 4, 6, 8, 10]);
    expect([...last]).toEqual([1, 3, 5, 7, 9, 11]);
  });
});

describe('forced alignment of a voice-over clip against festival', () => {
  it('finds flite\'s own word times in a flite clip within 0.12 s', async () => {
    const text = 'Each pod gets its own private address, and we can use these addresses to send requests to another pod.';
    const truth = fliteWordTimes(text);
    const clip = join(dir, 'flite.wav');
    await fliteEngine.synthesize({ text }, clip);
    const [got] = (await alignToFestival([{ wav: clip, texts: [text] }]))!;
    expect(got.map((w) => w.word.toLowerCase())).toEqual(truth.map((w) => w.word.toLowerCase()));
    const errors = truth.flatMap((w, i) => [Math.abs(got[i].start - w.start), Math.abs(got[i].end - w.end)]);
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    expect(mean).toBeLessThan(0.06);
    expect(Math.max(...errors)).toBeLessThan(0.12);
    for (const [i, w] of got.entries()) {
      expect(w.end).toBeGreaterThanOrEqual(w.start);
      if (i) expect(w.start).toBeGreaterThanOrEqual(got[i - 1].end);
    }
  }, 30_000);
});
