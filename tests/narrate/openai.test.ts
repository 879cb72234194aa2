/**
 * The OpenAI adapter against a local fake server that speaks its HTTP protocol
 * (POST /v1/audio/speech, Bearer key, JSON body, raw 24 kHz PCM back): the real service
 * cannot be reached from this machine, and tests must not spend money.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LessoncastError } from '../../src/errors.ts';
import { openaiEngine, openaiRequest } from '../../src/narrate/engines/openai.ts';
import { readWav, readWavInfo } from '../../src/narrate/wav.ts';

interface Seen { method?: string; url?: string; auth?: string; body: Record<string, unknown> }
const seen: Seen[] = [];
let server: Server;
let baseUrl: string;
let failNext = 0;
const dir = mkdtempSync(join(tmpdir(), 'lessoncast-openai-'));

async function body(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const json = JSON.parse((await body(req)) || '{}');
    seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body: json });
    if (req.headers.authorization !== 'Bearer test-key') { res.writeHead(401, { 'content-type': 'application/json' }); res.end('{"error":{"message":"Incorrect API key"}}'); return; }
    if (failNext > 0) { failNext--; res.writeHead(503); res.end('busy'); return; }
    if (req.url !== '/v1/audio/speech' || json.response_format !== 'pcm') { res.writeHead(400); res.end('bad request'); return; }
    // 0.1 s of PCM per character at 24 kHz, a ramp so the samples can be checked.
    const n = 2400 * String(json.input).length;
    const pcm = Buffer.alloc(n * 2);
    for (let i = 0; i < n; i++) pcm.writeInt16LE(i % 1000, i * 2);
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(pcm);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => { server.close(); rmSync(dir, { recursive: true, force: true }); });

describe('openai engine', () => {
  it('builds the request as data: bearer key, model, voice, pcm, speed', () => {
    const { url, init } = openaiRequest('Hi.', { apiKey: 'k', baseUrl: 'https://api.openai.com/v1/', model: 'tts-1', voice: 'nova', rate: 1.2 });
    expect(url).toBe('https://api.openai.com/v1/audio/speech');
    expect(init.headers.authorization).toBe('Bearer k');
    expect(JSON.parse(init.body)).toEqual({ model: 'tts-1', input: 'Hi.', voice: 'nova', response_format: 'pcm', speed: 1.2 });
  });

  it('synthesizes through the HTTP protocol (24 kHz PCM) into a 48 kHz WAV with an exact duration', async () => {
    const engine = openaiEngine({ apiKey: 'test-key', baseUrl, timeoutMs: 5000 });
    expect(await engine.check()).toMatchObject({ ok: true });
    const out = join(dir, 'a.wav');
    const res = await engine.synthesize({ text: 'Hello', voice: 'alloy' }, out);
    expect(res.duration).toBeCloseTo(0.5, 9);
    expect(readWavInfo(out)).toMatchObject({ sampleRate: 48000, channels: 1, frames: 24000 });
    // Resampled 2×: sample 2k of the output is the ramp's sample k (give or take the filter's rounding).
    expect(Math.abs(readWav(out).samples[1998] - 999)).toBeLessThanOrEqual(8);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/v1/audio/speech', auth: 'Bearer test-key', body: { input: 'Hello', voice: 'alloy', model: 'tts-1' } });
  });

  it('retries once on a server error', async () => {
    failNext = 1;
    const engine = openaiEngine({ apiKey: 'test-key', baseUrl, timeoutMs: 5000 });
    const res = await engine.synthesize({ text: 'Hi' }, join(dir, 'b.wav'));
    expect(res.duration).toBeCloseTo(0.2, 9);
  });

  it('reads the key from the environment only, and says what is wrong without it', async () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      const engine = openaiEngine({ baseUrl });
      expect(await engine.check()).toMatchObject({ ok: false });
      const err = await engine.synthesize({ text: 'Hi' }, join(dir, 'c.wav')).catch((e) => e);
      expect(err).toBeInstanceOf(LessoncastError);
      expect(err.code).toBe('ENGINE_KEY_MISSING');
      process.env.OPENAI_API_KEY = 'test-key';
      process.env.OPENAI_BASE_URL = baseUrl;
      expect((await openaiEngine().synthesize({ text: 'Hey' }, join(dir, 'd.wav'))).duration).toBeCloseTo(0.3, 9);
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY; else process.env.OPENAI_API_KEY = saved;
      delete process.env.OPENAI_BASE_URL;
    }
  });

  it('turns a rejected key and an unreachable server into environment errors', async () => {
    const bad = await openaiEngine({ apiKey: 'wrong', baseUrl }).synthesize({ text: 'Hi' }, join(dir, 'e.wav')).catch((e) => e);
    expect(bad).toBeInstanceOf(LessoncastError);
    expect(bad.message).toContain('HTTP 401');
    expect(bad.fix).toContain('OPENAI_API_KEY');
    const down = await openaiEngine({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 2000 }).synthesize({ text: 'Hi' }, join(dir, 'f.wav')).catch((e) => e);
    expect(down).toBeInstanceOf(LessoncastError);
    expect(down.code).toBe('ENGINE_UNREACHABLE');
  });
});
