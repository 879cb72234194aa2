/**
 * The aligner where the truth is known: festival clips said slower (rate 0.8), whose word times
 * festival reports, aligned against festival's plain rendering; median error under 50 ms (issue
 * 18). The benchmark (scripts/bench-aligner.ts) measures more sentences and other voices.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { festivalEngine } from '../../src/narrate/engines/festival.ts';
import { alignToFestival } from '../../src/narrate/align/align-to-festival.ts';
import { alignmentError } from '../../scripts/bench-aligner.ts';

const dir = mkdtempSync(join(tmpdir(), 'lessoncast-align-acc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aligner accuracy', () => {
  it('finds festival\'s own word times in slower festival clips within 50 ms (median)', async () => {
    const texts = ['Every pod gets its own address inside the cluster network.', 'A service gives those pods one stable name, and the DNS server answers for it.'];
    const clips = await festivalEngine.synthesizeMany!(texts.map((text, i) => ({ req: { text, rate: 0.8 }, outFile: join(dir, `${i}.wav`) })));
    const aligned = await alignToFestival(clips.map((c, i) => ({ wav: c.wavFile, texts: [texts[i]] })));
    const e = alignmentError(clips.map((c) => c.words!), aligned!);
    expect(e.n).toBeGreaterThanOrEqual(40);
    expect(e.median).toBeLessThan(50);
    expect(e.p90).toBeLessThan(150);
  });

  it('scores a shifted alignment as wrong (pure)', () => {
    const t = [[{ word: 'a', start: 0, end: 0.2 }, { word: 'b', start: 0.3, end: 0.5 }]];
    expect(alignmentError(t, t)).toEqual({ median: 0, p90: 0, n: 4 });
    expect(alignmentError(t, [t[0].map((w) => ({ ...w, start: w.start + 0.1, end: w.end + 0.1 }))]).median).toBeCloseTo(100, 6);
  });
});
