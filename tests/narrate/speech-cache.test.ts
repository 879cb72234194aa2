/** Speech clips in the store: what their keys depend on, and an entry that is whole or absent. */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiEngine } from '../../src/narrate/engines/openai.ts';
import { putClip, readClip, speechKey, voiceOverKey } from '../../src/narrate/speech-cache.ts';
import { FolderStore } from '../../src/store/folder-store.ts';

const root = mkdtempSync(join(tmpdir(), 'lessoncast-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('speech clips in the store', () => {
  const base = { engine: 'festival', voice: 'cmu_us_slt_arctic_hts', sampleRate: 48000, text: 'Run kube control.' };

  it('keys by engine and its identity, voice, rate, pitch, rate of samples and spoken text; nothing else', () => {
    const k = speechKey(base).hash;
    expect(k).toMatch(/^[0-9a-f]{32}$/);
    expect(speechKey({ ...base }).hash).toBe(k);
    expect(speechKey({ ...base, rate: 1 }).hash).toBe(k);
    for (const change of [{ engine: 'flite' }, { voice: 'kal' }, { rate: 1.1 }, { pitch: 2 }, { sampleRate: 16000 }, { text: 'Run cube cuttle.' }, { identity: { model: 'x' } }])
      expect(speechKey({ ...base, ...change }).hash).not.toBe(k);
    expect(voiceOverKey('abc', 48000).hash).not.toBe(voiceOverKey('abd', 48000).hash);
  });

  it("openai's model and endpoint are its identity (the API key is not)", () => {
    const id = (o: Parameters<typeof openaiEngine>[0]) => speechKey({ ...base, engine: 'openai', identity: openaiEngine(o).identity!() }).hash;
    const a = id({ apiKey: 'one', model: 'tts-1', baseUrl: 'https://api.openai.com/v1' });
    expect(id({ apiKey: 'two', model: 'tts-1', baseUrl: 'https://api.openai.com/v1/' })).toBe(a);
    expect(id({ apiKey: 'one', model: 'tts-1-hd', baseUrl: 'https://api.openai.com/v1' })).not.toBe(a);
    expect(id({ apiKey: 'one', model: 'tts-1', baseUrl: 'http://127.0.0.1:9/v1' })).not.toBe(a);
    expect(JSON.stringify(openaiEngine({ apiKey: 'secret' }).identity!())).not.toContain('secret');
  });

  it('an entry is there whole (audio and meta) or not at all; the WAV is moved in', async () => {
    const store = new FolderStore(root);
    const key = speechKey(base);
    expect(await readClip(store, key)).toBeNull();
    const wav = join(root, 'made.wav');
    writeFileSync(wav, 'RIFF');
    const clip = await putClip(store, key, wav, { duration: 1.25, sampleRate: 48000, loudness: -20.5, engine: 'festival' });
    expect(existsSync(wav)).toBe(false);
    expect(clip).toMatchObject({ duration: 1.25, loudness: -20.5 });
    expect(await readClip(store, key)).toMatchObject({ duration: 1.25, sampleRate: 48000, loudness: -20.5, wavFile: clip.wavFile });
    expect(store.keyOf(clip.wavFile)).toEqual(key);
  });
});
