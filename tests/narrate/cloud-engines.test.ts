/**
 * ElevenLabs and Azure Speech against local fakes that speak each service's documented protocol
 * (the real services cannot be reached from this machine, and tests must not spend money):
 * - ElevenLabs: POST /v1/text-to-speech/{voice_id}/with-timestamps, `xi-api-key` header, JSON
 *   answer with `audio_base64` (raw PCM for output_format=pcm_24000) and `alignment` per character.
 * - Azure: the Speech SDK's websocket protocol: speech.config, synthesis.context and ssml text
 *   messages in; turn.start, audio.metadata (WordBoundary, 100 ns ticks), binary audio messages
 *   (2-byte header length, headers, PCM) and turn.end out.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elevenlabsEngine, elevenlabsRequest } from '../../src/narrate/engines/elevenlabs.ts';
import { azureEngine, azureSsml, parseTextMessage } from '../../src/narrate/engines/azure.ts';
import { wordsFromCharacters } from '../../src/narrate/engines/cloud-audio.ts';
import { speechKey } from '../../src/narrate/speech-cache.ts';
import { readWavInfo } from '../../src/narrate/wav.ts';

const dir = mkdtempSync(join(tmpdir(), 'lessoncast-cloud-'));
/** A fake voice: 0.3 s of a tone per word, 0.1 s of silence between words, at 24 kHz. */
const WORD = 0.3, GAP = 0.1, RATE = 24000;
function fakeSpeech(text: string): { pcm: Buffer; words: { text: string; offset: number; start: number; end: number }[] } {
  const words: { text: string; offset: number; start: number; end: number }[] = [];
  let t = 0;
  for (const m of text.matchAll(/\S+/g)) { words.push({ text: m[0], offset: m.index!, start: t, end: t + WORD }); t += WORD + GAP; }
  const n = Math.round(t * RATE);
  const pcm = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) pcm.writeInt16LE(Math.round(8000 * Math.sin(i / 5)), i * 2);
  return { pcm, words };
}

let http: Server;
let eleven: string;
let azureUrl: string;
const seen: { url?: string; key?: string; body?: Record<string, unknown>; messages?: string[] }[] = [];

beforeAll(async () => {
  http = createServer(async (req, res) => {
    let s = '';
    for await (const c of req) s += c;
    const body = JSON.parse(s || '{}');
    seen.push({ url: req.url, key: req.headers['xi-api-key'] as string, body });
    if (req.headers['xi-api-key'] !== 'eleven-key') { res.writeHead(401, { 'content-type': 'application/json' }); res.end('{"detail":{"status":"invalid_api_key"}}'); return; }
    const m = /^\/v1\/text-to-speech\/([^/]+)\/with-timestamps\?output_format=pcm_24000$/.exec(req.url ?? '');
    if (!m || req.method !== 'POST' || typeof body.text !== 'string') { res.writeHead(422); res.end('{}'); return; }
    const { pcm, words } = fakeSpeech(body.text);
    const chars = [...body.text as string];
    const starts = chars.map((_, i) => { const w = words.find((x) => i >= x.offset && i < x.offset + x.text.length); return w ? w.start + (i - w.offset) * 0.01 : 0; });
    const ends = starts.map((st, i) => { const w = words.find((x) => i >= x.offset && i < x.offset + x.text.length); return w ? (i === w.offset + w.text.length - 1 ? w.end : st + 0.01) : st; });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ audio_base64: pcm.toString('base64'), alignment: { characters: chars, character_start_times_seconds: starts, character_end_times_seconds: ends }, normalized_alignment: null }));
  });
  // The Azure fake shares nothing with the HTTP one: its own server, upgraded to websockets.
  const wsHttp = createServer((_, res) => { res.writeHead(404); res.end(); });
  const wss = new WebSocketServer({ noServer: true });
  wsHttp.on('upgrade', (req, socket, head) => {
    if (req.headers['ocp-apim-subscription-key'] !== 'azure-key') { socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n'); return; }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const messages: string[] = [];
      seen.push({ url: req.url, key: req.headers['ocp-apim-subscription-key'] as string, messages });
      ws.on('message', (data) => {
        const text = data.toString();
        messages.push(text);
        const { headers, body } = parseTextMessage(text);
        if (headers.path !== 'ssml') return;
        const ctx = JSON.parse(parseTextMessage(messages.find((x) => /Path: synthesis.context/.test(x))!).body);
        const requestId = headers['x-requestid'];
        const spoken = body.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');
        const { pcm, words } = fakeSpeech(spoken);
        const head = (path: string, type: string) => `X-RequestId:${requestId}\r\nContent-Type:${type}\r\nPath:${path}\r\n`;
        ws.send(`${head('turn.start', 'application/json')}\r\n{"webrtc":{}}`);
        if (ctx.synthesis.audio.metadataOptions.wordBoundaryEnabled)
          for (const w of words) ws.send(`${head('audio.metadata', 'application/json')}\r\n${JSON.stringify({ Metadata: [{ Type: 'WordBoundary', Data: { Offset: Math.round(w.start * 1e7), Duration: Math.round(WORD * 1e7), text: { Text: w.text.replace(/[.,]$/, ''), Length: w.text.length, BoundaryType: 'WordBoundary' } } }] })}`);
        for (let i = 0; i < pcm.length; i += 9600) {
          const h = Buffer.from(head('audio', 'audio/x-wav'));
          const len = Buffer.alloc(2);
          len.writeUInt16BE(h.length);
          ws.send(Buffer.concat([len, h, pcm.subarray(i, i + 9600)]));
        }
        ws.send(`${head('turn.end', 'application/json')}\r\n{}`);
      });
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => wsHttp.listen(0, '127.0.0.1', r));
  eleven = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  azureUrl = `ws://127.0.0.1:${(wsHttp.address() as AddressInfo).port}/cognitiveservices/websocket/v1`;
  afterAll(() => { wss.close(); wsHttp.close(); });
});
afterAll(() => { http.close(); rmSync(dir, { recursive: true, force: true }); });

describe('elevenlabs engine', () => {
  it('builds the with-timestamps request as data', () => {
    const { url, init } = elevenlabsRequest('Hi.', { apiKey: 'k', baseUrl: 'https://api.elevenlabs.io', model: 'm1', voice: 'v 1', rate: 1.5 });
    expect(url).toBe('https://api.elevenlabs.io/v1/text-to-speech/v%201/with-timestamps?output_format=pcm_24000');
    expect(init.headers['xi-api-key']).toBe('k');
    expect(JSON.parse(init.body)).toEqual({ text: 'Hi.', model_id: 'm1', voice_settings: { speed: 1.2 } });
  });

  it('synthesizes a 48 kHz clip and takes word times from the character alignment', async () => {
    const engine = elevenlabsEngine({ apiKey: 'eleven-key', baseUrl: eleven, timeoutMs: 5000 });
    const r = await engine.synthesize({ text: 'Pods talk to services.' }, join(dir, 'e.wav'));
    expect(readWavInfo(r.wavFile)).toMatchObject({ sampleRate: 48000 });
    expect(r.duration).toBeCloseTo(1.6, 3);
    expect(r.words!.map((w) => [w.word, +w.start.toFixed(3), +w.end.toFixed(3)])).toEqual([['Pods', 0, 0.3], ['talk', 0.4, 0.7], ['to', 0.8, 1.1], ['services.', 1.2, 1.5]]);
    expect(seen.at(-1)).toMatchObject({ key: 'eleven-key', body: { text: 'Pods talk to services.', model_id: 'eleven_multilingual_v2' } });
  });

  it('says what is wrong with a bad key, and without a key', async () => {
    await expect(elevenlabsEngine({ apiKey: 'wrong', baseUrl: eleven }).synthesize({ text: 'Hi' }, join(dir, 'f.wav'))).rejects.toMatchObject({ code: 'ENGINE_HTTP', fix: 'Check ELEVENLABS_API_KEY.' });
    const saved = process.env.ELEVENLABS_API_KEY;
    delete process.env.ELEVENLABS_API_KEY;
    try {
      await expect(elevenlabsEngine({ baseUrl: eleven }).synthesize({ text: 'Hi' }, join(dir, 'g.wav'))).rejects.toMatchObject({ code: 'ENGINE_KEY_MISSING' });
    } finally {
      if (saved !== undefined) process.env.ELEVENLABS_API_KEY = saved;
    }
  });

  it('keys the cache by model and endpoint, never by the key', () => {
    const a = elevenlabsEngine({ apiKey: 'k1', baseUrl: eleven, model: 'm1' });
    const b = elevenlabsEngine({ apiKey: 'k2', baseUrl: eleven, model: 'm1' });
    const c = elevenlabsEngine({ apiKey: 'k1', baseUrl: eleven, model: 'm2' });
    const key = (e: typeof a) => speechKey({ engine: e.name, identity: e.identity!(), voice: 'v', sampleRate: 48000, text: 'x' }).hash;
    expect(key(a)).toBe(key(b));
    expect(key(a)).not.toBe(key(c));
    expect(JSON.stringify(a.identity!())).not.toContain('k1');
  });

  it('character times make word times (pure)', () => {
    expect(wordsFromCharacters([...'a bc'], [0, 0.1, 0.2, 0.3], [0.1, 0.2, 0.3, 0.4])).toEqual([{ word: 'a', start: 0, end: 0.1 }, { word: 'bc', start: 0.2, end: 0.4 }]);
  });
});

describe('azure engine', () => {
  it('writes the SSML with the voice, rate and pitch, escaped', () => {
    expect(azureSsml('A & B', 'en-GB-RyanNeural', 1.1, -2)).toBe('<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-GB"><voice name="en-GB-RyanNeural"><prosody rate="+10%" pitch="-2st">A &amp; B</prosody></voice></speak>');
  });

  it('synthesizes over the websocket protocol and takes word boundaries as word times', async () => {
    const engine = azureEngine({ key: 'azure-key', endpoint: azureUrl, timeoutMs: 5000 });
    expect(await engine.check()).toMatchObject({ ok: true });
    const r = await engine.synthesize({ text: 'Pods talk to services.', voice: 'en-US-JennyNeural' }, join(dir, 'a.wav'));
    expect(readWavInfo(r.wavFile)).toMatchObject({ sampleRate: 48000 });
    expect(r.duration).toBeCloseTo(1.6, 3);
    expect(r.words!.map((w) => [w.word, +w.start.toFixed(3), +w.end.toFixed(3)])).toEqual([['Pods', 0, 0.3], ['talk', 0.4, 0.7], ['to', 0.8, 1.1], ['services', 1.2, 1.5]]);
    const msgs = seen.at(-1)!.messages!.map((m) => parseTextMessage(m).headers.path);
    expect(msgs).toEqual(['speech.config', 'synthesis.context', 'ssml']);
    expect(seen.at(-1)!.messages![2]).toContain('<voice name="en-US-JennyNeural">');
  });

  it('a refused key is a clear error, not a hang', async () => {
    await expect(azureEngine({ key: 'nope', endpoint: azureUrl, timeoutMs: 5000 }).synthesize({ text: 'Hi' }, join(dir, 'b.wav'))).rejects.toMatchObject({ code: 'ENGINE_HTTP', message: expect.stringContaining('HTTP 401') });
    const saved = [process.env.AZURE_SPEECH_KEY, process.env.AZURE_SPEECH_REGION];
    delete process.env.AZURE_SPEECH_KEY;
    delete process.env.AZURE_SPEECH_REGION;
    try {
      expect(await azureEngine().check()).toMatchObject({ ok: false });
      await expect(azureEngine().synthesize({ text: 'Hi' }, join(dir, 'c.wav'))).rejects.toMatchObject({ code: 'ENGINE_KEY_MISSING' });
    } finally {
      if (saved[0] !== undefined) process.env.AZURE_SPEECH_KEY = saved[0];
      if (saved[1] !== undefined) process.env.AZURE_SPEECH_REGION = saved[1];
    }
  });

  it('keys the cache by the endpoint, never the key', () => {
    const id = azureEngine({ key: 'secret-key', endpoint: azureUrl }).identity!();
    expect(id).toEqual({ endpoint: azureUrl, outputFormat: 'raw-24khz-16bit-mono-pcm' });
  });
});
