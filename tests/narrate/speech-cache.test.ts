import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clipDir, clipPaths, readClipMeta, speechKey, writeClipMeta } from '../../src/narrate/speech-cache.ts';

const root = mkdtempSync(join(tmpdir(), 'lessoncast-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('speech cache', () => {
  const base = { engine: 'festival', voice: 'cmu_us_slt_arctic_hts', sampleRate: 24000, text: 'Run kube control.' };

  it('keys by engine, voice, rate, pitch, rate of samples and spoken text; nothing else', () => {
    const k = speechKey(base);
    expect(k).toMatch(/^[0-9a-f]{32}$/);
    expect(speechKey({ ...base })).toBe(k);
    expect(speechKey({ ...base, rate: 1 })).toBe(k);
    for (const change of [{ engine: 'flite' }, { voice: 'kal' }, { rate: 1.1 }, { pitch: 2 }, { sampleRate: 16000 }, { text: 'Run cube cuttle.' }])
      expect(speechKey({ ...base, ...change })).not.toBe(k);
  });

  it('is a hit only when both the JSON and the WAV are there', () => {
    const dir = clipDir(root, 'speech');
    const key = speechKey(base);
    expect(readClipMeta(dir, key)).toBeNull();
    writeClipMeta(dir, key, { duration: 1.25, sampleRate: 24000 });
    expect(readClipMeta(dir, key)).toBeNull();
    writeFileSync(clipPaths(dir, key).wav, 'x');
    expect(readClipMeta(dir, key)).toMatchObject({ duration: 1.25, sampleRate: 24000, wavFile: clipPaths(dir, key).wav });
    writeFileSync(clipPaths(dir, key).meta, '{"dur');
    expect(readClipMeta(dir, key)).toBeNull();
  });
});
