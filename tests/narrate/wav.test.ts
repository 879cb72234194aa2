import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { concatWav, encodeWav, mixAt, mixPcm, parseWavHeader, readWav, readWavInfo, sampleAt, silence, writeWav } from '../../src/narrate/wav.ts';

const dir = mkdtempSync(join(tmpdir(), 'lessoncast-wav-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ramp = (n: number, from = 0) => Int16Array.from({ length: n }, (_, i) => from + i);

describe('wav', () => {
  it('writes a 44-byte header and reads the duration from it (samples / rate)', () => {
    const f = writeWav(join(dir, 'a.wav'), ramp(24000 * 2 + 12), 24000);
    expect(readFileSync(f).length).toBe(44 + (48000 + 12) * 2);
    const info = readWavInfo(f);
    expect(info).toMatchObject({ sampleRate: 24000, channels: 1, bitsPerSample: 16, frames: 48012, dataOffset: 44 });
    expect(info.duration).toBeCloseTo(2.0005, 6);
    expect(Array.from(readWav(f).samples.slice(0, 5))).toEqual([0, 1, 2, 3, 4]);
  });

  it('walks past LIST chunks and copes with an odd data offset and a streaming size of 0', () => {
    const wav = encodeWav(ramp(10, -5), 16000);
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc'), Buffer.from([0])]);
    const withList = Buffer.concat([wav.subarray(0, 36), list, wav.subarray(36)]);
    withList.writeUInt32LE(0, 36 + list.length + 4);
    const f = join(dir, 'list.wav');
    writeFileSync(f, withList);
    const info = readWavInfo(f);
    expect(info.dataOffset).toBe(44 + list.length);
    expect(info.frames).toBe(10);
    expect(Array.from(readWav(f).samples)).toEqual(Array.from(ramp(10, -5)));
  });

  it('rejects a file that is not WAV with an environment error', () => {
    expect(() => parseWavHeader(Buffer.from('ID3 not a wav file at all'), 'x.mp3')).toThrow(/x\.mp3: not a PCM WAV/);
  });

  it('concatenates clips so that the whole lasts exactly the sum of the parts', () => {
    const a = writeWav(join(dir, 'c1.wav'), ramp(1001), 24000);
    const b = writeWav(join(dir, 'c2.wav'), ramp(2503, 7), 24000);
    const out = concatWav([a, b], join(dir, 'c.wav'));
    expect(out.duration).toBe((1001 + 2503) / 24000);
    const s = readWav(out.file).samples;
    expect(s[1000]).toBe(1000);
    expect(s[1001]).toBe(7);
  });

  it('refuses to join clips of different rates', () => {
    const a = writeWav(join(dir, 'r1.wav'), ramp(10), 24000);
    const b = writeWav(join(dir, 'r2.wav'), ramp(10), 16000);
    expect(() => concatWav([a, b], join(dir, 'r.wav'))).toThrow(/16000 Hz/);
  });

  it('mixes clips at sample-exact offsets, summing overlaps and clipping to 16 bits', () => {
    const one = new Int16Array([1000, 1000, 1000]);
    const loud = new Int16Array([32000, 32000]);
    const mix = mixPcm([{ pcm: one, offset: 2 / 24000 }, { pcm: loud, offset: 3 / 24000 }], 24000);
    expect(Array.from(mix)).toEqual([0, 0, 1000, 32767, 32767]);
    expect(sampleAt(1.5)).toBe(72000);
    const f = writeWav(join(dir, 'm1.wav'), one, 24000);
    const out = mixAt([{ file: f, offset: 1 }, { pcm: silence(0.5, 24000), offset: 0 }], join(dir, 'mix.wav'), { duration: 2, sampleRate: 24000 });
    expect(out.duration).toBe(2);
    const s = readWav(out.file).samples;
    expect(s[24000]).toBe(1000);
    expect(s[23999]).toBe(0);
    expect(s.length).toBe(48000);
  });
});
