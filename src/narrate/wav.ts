/**
 * PCM WAV files in Node, no tools: read headers (durations are samples / rate, never ffprobe),
 * write, concatenate and mix 16-bit mono tracks at sample-exact offsets.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { LessoncastError } from '../errors.ts';
import { writeFileAtomicSync } from '../adapters/atomic-write.ts';

/**
 * The sample rate every clip is normalised to, so that mixing is sample-exact: 48 kHz, the rate of
 * the video's AAC track, so a human voice-over keeps its full band (docs/narration.md).
 */
export const SAMPLE_RATE = 48000;

/** What a WAV header says about its audio. */
export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** 1 = integer PCM, 3 = float, 0xfffe = extensible. */
  format: number;
  /** Byte offset of the `data` chunk's payload. */
  dataOffset: number;
  /** Byte length of the `data` chunk's payload. */
  dataLength: number;
  /** Sample frames (one per channel group). */
  frames: number;
  /** Seconds: frames / sampleRate. */
  duration: number;
}

/** Parses a WAV header from the first bytes of a file (walks chunks until `data`). */
export function parseWavHeader(buf: Buffer, file = 'WAV', fileSize?: number): WavInfo {
  const bad = (why: string) => new LessoncastError('WAV_INVALID', `${file}: not a PCM WAV file (${why}).`,
    'Delete the file (it is in the cache, or re-export it as WAV) and run again.');
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw bad('no RIFF/WAVE header');
  let pos = 12;
  let fmt: { format: number; channels: number; sampleRate: number; bitsPerSample: number } | null = null;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (body + 16 > buf.length) throw bad('truncated fmt chunk');
      fmt = {
        format: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        bitsPerSample: buf.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt) throw bad('data before fmt');
      const frameBytes = fmt.channels * (fmt.bitsPerSample / 8);
      // Streaming writers (ffmpeg to a pipe, festival to stdout) leave 0 or 0xffffffff as the size.
      const available = (fileSize ?? buf.length) - body;
      const dataLength = size === 0 || size === 0xffffffff || size > available ? Math.max(0, available) : size;
      const frames = Math.floor(dataLength / frameBytes);
      return { ...fmt, dataOffset: body, dataLength: frames * frameBytes, frames, duration: frames / fmt.sampleRate };
    }
    pos = body + size + (size % 2);
  }
  throw bad('no data chunk');
}

/** Reads a WAV file's header only (cheap: the first 4 KiB, or more if its chunks need it). */
export function readWavInfo(file: string): WavInfo {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    let len = 4096;
    for (;;) {
      const buf = Buffer.alloc(Math.min(len, size));
      const n = readSync(fd, buf, 0, buf.length, 0);
      try {
        return parseWavHeader(buf.subarray(0, n), file, size);
      } catch (err) {
        if (len >= size) throw err;
        len *= 16;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** A decoded 16-bit mono track. */
export interface Pcm {
  sampleRate: number;
  samples: Int16Array;
}

/** Reads a 16-bit mono PCM WAV into samples. */
export function readWav(file: string): Pcm {
  const buf = readFileSync(file);
  const info = parseWavHeader(buf, file);
  if (info.format !== 1 && info.format !== 0xfffe || info.bitsPerSample !== 16 || info.channels !== 1)
    throw new LessoncastError('WAV_FORMAT', `${file}: expected 16-bit mono PCM, got ${info.channels} channel(s) of ${info.bitsPerSample}-bit (format ${info.format}).`,
      'Clips are normalised by lessoncast; delete the cache (build/.cache/speech) and run again.');
  return { sampleRate: info.sampleRate, samples: pcmFromBytes(buf.subarray(info.dataOffset, info.dataOffset + info.frames * 2)) };
}

/** A 44-byte mono WAV header followed by room for `dataBytes` of samples (format 1: PCM, 3: IEEE float). */
function wavBuffer(format: 1 | 3, bytesPerSample: number, sampleRate: number, dataBytes: number): Buffer {
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(format, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * bytesPerSample, 28);
  buf.writeUInt16LE(bytesPerSample, 32);
  buf.writeUInt16LE(bytesPerSample * 8, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataBytes, 40);
  return buf;
}

/** The bytes of a 16-bit mono PCM WAV file. */
export function encodeWav(samples: Int16Array, sampleRate: number): Buffer {
  const data = samples.length * 2;
  const buf = wavBuffer(1, 2, sampleRate, data);
  Buffer.from(samples.buffer, samples.byteOffset, data).copy(buf, 44);
  return buf;
}

/** Writes a 16-bit mono PCM WAV, to a temporary name first so that no reader sees half a file. */
export function writeWav(file: string, samples: Int16Array, sampleRate: number): string {
  writeFileAtomicSync(file, encodeWav(samples, sampleRate));
  return file;
}

/** Wraps raw s16le mono PCM bytes (e.g. a cloud engine's `pcm` response) as WAV samples. */
export function pcmFromBytes(bytes: Buffer): Int16Array {
  // Copy into a fresh buffer: the bytes may sit at an odd offset, and Int16Array needs 2-byte alignment.
  const n = Math.floor(bytes.length / 2);
  const ab = new ArrayBuffer(n * 2);
  new Uint8Array(ab).set(bytes.subarray(0, n * 2));
  const out = new Int16Array(ab);
  if (BIG_ENDIAN) for (let i = 0; i < n; i++) out[i] = bytes.readInt16LE(i * 2);
  return out;
}

const BIG_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;

/** Samples of silence. */
export function silence(seconds: number, sampleRate = SAMPLE_RATE): Int16Array {
  return new Int16Array(Math.max(0, Math.round(seconds * sampleRate)));
}

/** Joins clips of one sample rate end to end into `outFile`; returns the output's duration. */
export function concatWav(files: string[], outFile: string): { file: string; duration: number; sampleRate: number } {
  const clips = files.map(readWav);
  const sampleRate = clips[0]?.sampleRate ?? SAMPLE_RATE;
  for (const [i, c] of clips.entries())
    if (c.sampleRate !== sampleRate)
      throw new LessoncastError('WAV_RATE_MISMATCH', `${files[i]}: ${c.sampleRate} Hz, expected ${sampleRate} Hz like ${files[0]}.`, 'Normalise clips with normalizeAudio() before joining them.');
  const total = clips.reduce((n, c) => n + c.samples.length, 0);
  const out = new Int16Array(total);
  let at = 0;
  for (const c of clips) { out.set(c.samples, at); at += c.samples.length; }
  writeWav(outFile, out, sampleRate);
  return { file: outFile, duration: total / sampleRate, sampleRate };
}

/** A clip placed on a track: at `offset` seconds from the start. */
export interface Placement {
  /** A WAV file (same rate as the mix) or samples already in memory. */
  file?: string;
  pcm?: Int16Array;
  offset: number;
}

/** Sample index of a time: rounding, so placements computed from the same seconds agree. */
export function sampleAt(seconds: number, sampleRate = SAMPLE_RATE): number {
  return Math.round(seconds * sampleRate);
}

/**
 * Mixes clips into one track at sample-exact offsets (sums, clipped to 16 bits), pure in memory.
 * The track lasts `duration` seconds, or until the end of the last clip.
 */
export function mixPcm(clips: { pcm: Int16Array; offset: number }[], sampleRate: number, duration?: number): Int16Array {
  const end = duration !== undefined ? sampleAt(duration, sampleRate)
    : Math.max(0, ...clips.map((c) => sampleAt(c.offset, sampleRate) + c.pcm.length));
  const acc = new Int32Array(end);
  for (const c of clips) {
    const at = sampleAt(c.offset, sampleRate);
    for (let i = 0; i < c.pcm.length; i++) {
      const j = at + i;
      if (j < 0) continue;
      if (j >= end) break;
      acc[j] += c.pcm[i];
    }
  }
  const out = new Int16Array(end);
  for (let i = 0; i < end; i++) out[i] = acc[i] > 32767 ? 32767 : acc[i] < -32768 ? -32768 : acc[i];
  return out;
}

/** The bytes of a 32-bit float mono WAV file (a mix with gains: no clipping, no rounding before the loudness pass). */
export function encodeWavFloat(samples: Float32Array, sampleRate: number): Buffer {
  const buf = wavBuffer(3, 4, sampleRate, samples.length * 4);
  for (let i = 0; i < samples.length; i++) buf.writeFloatLE(samples[i], 44 + 4 * i);
  return buf;
}

/**
 * Mixes clips at sample-exact offsets, each scaled by its gain (dB), into floats in [-1, 1] (a sum
 * may go past 1: the loudness pass that follows limits true peaks). Pure, in memory.
 */
export function mixGained(clips: { pcm: Int16Array; offset: number; gainDb: number }[], sampleRate: number, duration: number): Float32Array {
  const end = sampleAt(duration, sampleRate);
  const out = new Float32Array(end);
  for (const c of clips) {
    const at = sampleAt(c.offset, sampleRate);
    const g = Math.pow(10, c.gainDb / 20) / 32768;
    for (let i = 0; i < c.pcm.length; i++) {
      const j = at + i;
      if (j < 0) continue;
      if (j >= end) break;
      out[j] += c.pcm[i] * g;
    }
  }
  return out;
}

/** Mixes clips (files or samples) at their offsets into one WAV file; all must share `sampleRate`. */
export function mixAt(placements: Placement[], outFile: string, opts: { sampleRate?: number; duration?: number } = {}): { file: string; duration: number } {
  const sampleRate = opts.sampleRate ?? SAMPLE_RATE;
  const clips = placements.map((p) => {
    if (p.pcm) return { pcm: p.pcm, offset: p.offset };
    if (!p.file) throw new TypeError('mixAt: a placement needs a file or pcm');
    const w = readWav(p.file);
    if (w.sampleRate !== sampleRate)
      throw new LessoncastError('WAV_RATE_MISMATCH', `${p.file}: ${w.sampleRate} Hz, the mix is ${sampleRate} Hz.`, 'Normalise clips with normalizeAudio() before mixing them.');
    return { pcm: w.samples, offset: p.offset };
  });
  const out = mixPcm(clips, sampleRate, opts.duration);
  writeWav(outFile, out, sampleRate);
  return { file: outFile, duration: out.length / sampleRate };
}
