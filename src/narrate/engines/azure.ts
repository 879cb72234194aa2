/**
 * Azure Speech text-to-speech with word boundary events, over the websocket protocol the Speech
 * SDK speaks (`wss://{region}.tts.speech.microsoft.com/cognitiveservices/websocket/v1`): the
 * client sends `speech.config`, `synthesis.context` (raw 24 kHz PCM, word boundaries on) and the
 * `ssml`; the service answers `turn.start`, `audio.metadata` messages whose WordBoundary entries
 * give each word's offset and duration in 100 ns ticks, binary `audio` messages, and `turn.end`.
 * The REST endpoint has no word boundaries, hence the websocket. The key comes only from the
 * environment (AZURE_SPEECH_KEY, AZURE_SPEECH_REGION). Tests run it against a local fake that
 * speaks this protocol, because the service cannot be reached from the build machine.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { LessoncastError } from '../../errors.ts';
import { defineEngine, type EngineStatus, type SpeechEngine, type SpokenWordTime } from '../types.ts';
import { pcmFromBytes } from '../wav.ts';
import { pcmClip } from './cloud-audio.ts';

export const AZURE_VOICE = 'en-US-AvaMultilingualNeural';
const PCM_RATE = 24000;
const OUTPUT_FORMAT = 'raw-24khz-16bit-mono-pcm';
const TICKS_PER_SECOND = 10_000_000;

export interface AzureOptions { key?: string; region?: string; endpoint?: string; timeoutMs?: number }

function settings(opts: AzureOptions) {
  const region = opts.region ?? process.env.AZURE_SPEECH_REGION ?? '';
  return {
    key: opts.key ?? process.env.AZURE_SPEECH_KEY ?? '',
    region,
    endpoint: opts.endpoint ?? process.env.AZURE_SPEECH_ENDPOINT ?? (region ? `wss://${region}.tts.speech.microsoft.com/cognitiveservices/websocket/v1` : ''),
    timeoutMs: opts.timeoutMs ?? 60_000,
  };
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** The SSML of one text: the voice, and the rate and pitch as prosody (percent and semitones). Pure. */
export function azureSsml(text: string, voice: string, rate?: number, pitch?: number): string {
  const lang = /^[a-z]{2}-[A-Z]{2}/.exec(voice)?.[0] ?? 'en-US';
  const prosody: string[] = [];
  if (rate && rate !== 1) prosody.push(`rate="${Math.round((rate - 1) * 100) >= 0 ? '+' : ''}${Math.round((rate - 1) * 100)}%"`);
  if (pitch) prosody.push(`pitch="${pitch >= 0 ? '+' : ''}${pitch}st"`);
  const body = prosody.length ? `<prosody ${prosody.join(' ')}>${xml(text)}</prosody>` : xml(text);
  return `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="${lang}"><voice name="${xml(voice)}">${body}</voice></speak>`;
}

/** One text message of the protocol: header lines, a blank line, the body. */
export function azureMessage(path: string, requestId: string, contentType: string, body: string): string {
  return `Path: ${path}\r\nX-RequestId: ${requestId}\r\nX-Timestamp: ${new Date().toISOString()}\r\nContent-Type: ${contentType}\r\n\r\n${body}`;
}

/** The messages a synthesis sends, in order. Pure but for the timestamp. */
export function azureRequestMessages(requestId: string, ssml: string): string[] {
  const config = { context: { system: { name: 'lessoncast', version: '1', build: 'node', lang: 'TypeScript' }, os: { platform: process.platform, name: 'node', version: process.version } } };
  const context = { synthesis: { audio: { metadataOptions: { wordBoundaryEnabled: true, sentenceBoundaryEnabled: false, bookmarkEnabled: false, visemeEnabled: false, punctuationBoundaryEnabled: false }, outputFormat: OUTPUT_FORMAT }, language: { autoDetection: false } } };
  return [
    azureMessage('speech.config', requestId, 'application/json', JSON.stringify(config)),
    azureMessage('synthesis.context', requestId, 'application/json', JSON.stringify(context)),
    azureMessage('ssml', requestId, 'application/ssml+xml', ssml),
  ];
}

/** Splits a text message into its headers (lower-case names) and body. Pure. */
export function parseTextMessage(text: string): { headers: Record<string, string>; body: string } {
  const cut = text.indexOf('\r\n\r\n');
  const head = cut < 0 ? text : text.slice(0, cut);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return { headers, body: cut < 0 ? '' : text.slice(cut + 4) };
}

/** A binary message: a 2-byte big-endian header length, the headers, then audio. Pure. */
export function parseBinaryMessage(buf: Buffer): { headers: Record<string, string>; audio: Buffer } {
  const len = buf.readUInt16BE(0);
  return { headers: parseTextMessage(buf.subarray(2, 2 + len).toString('utf8') + '\r\n\r\n').headers, audio: buf.subarray(2 + len) };
}

/** The word times in one `audio.metadata` body. Pure. */
export function wordBoundaries(body: string): SpokenWordTime[] {
  const m = JSON.parse(body) as { Metadata?: { Type?: string; Data?: { Offset?: number; Duration?: number; text?: { Text?: string } } }[] };
  return (m.Metadata ?? []).filter((x) => x.Type === 'WordBoundary' && x.Data?.text?.Text).map((x) => ({
    word: x.Data!.text!.Text!,
    start: (x.Data!.Offset ?? 0) / TICKS_PER_SECOND,
    end: ((x.Data!.Offset ?? 0) + (x.Data!.Duration ?? 0)) / TICKS_PER_SECOND,
  }));
}

/** Runs one synthesis over the websocket: the audio and the word boundaries. */
async function speak(s: ReturnType<typeof settings>, ssml: string): Promise<{ pcm: Buffer; words: SpokenWordTime[] }> {
  const requestId = randomUUID().replace(/-/g, '');
  const ws = new WebSocket(s.endpoint, { headers: { 'Ocp-Apim-Subscription-Key': s.key, 'X-ConnectionId': requestId }, handshakeTimeout: s.timeoutMs });
  const audio: Buffer[] = [];
  const words: SpokenWordTime[] = [];
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new LessoncastError('ENGINE_UNREACHABLE', `azure: no answer from ${s.endpoint} in ${s.timeoutMs / 1000} s.`, 'Check the network and AZURE_SPEECH_REGION.')), s.timeoutMs);
      const done = (f: () => void) => { clearTimeout(timer); f(); };
      ws.on('unexpected-response', (_req, res) => done(() => reject(new LessoncastError('ENGINE_HTTP', `azure: ${s.endpoint} refused the connection (HTTP ${res.statusCode}).`,
        res.statusCode === 401 ? 'Check AZURE_SPEECH_KEY and that it belongs to AZURE_SPEECH_REGION.' : 'Check AZURE_SPEECH_REGION (or AZURE_SPEECH_ENDPOINT).'))));
      ws.on('error', (err) => done(() => reject(new LessoncastError('ENGINE_UNREACHABLE', `azure: ${s.endpoint} cannot be reached (${err.message}).`, 'Check the network and AZURE_SPEECH_REGION.'))));
      ws.on('close', (code, reason) => done(() => reject(new LessoncastError('ENGINE_HTTP', `azure: the service closed the connection (${code} ${reason.toString() || 'no reason'}).`, 'Check the voice name and the SSML; try again later.'))));
      ws.on('open', () => { for (const m of azureRequestMessages(requestId, ssml)) ws.send(m); });
      ws.on('message', (data, isBinary) => {
        try {
          const buf = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
          if (isBinary) {
            const m = parseBinaryMessage(buf);
            if (m.headers.path === 'audio') audio.push(m.audio);
            return;
          }
          const m = parseTextMessage(buf.toString('utf8'));
          if (m.headers.path === 'audio.metadata') words.push(...wordBoundaries(m.body));
          else if (m.headers.path === 'turn.end') done(() => resolve({ pcm: Buffer.concat(audio), words }));
        } catch (err) {
          done(() => reject(new LessoncastError('ENGINE_HTTP', `azure: a message of the service could not be read (${(err as Error).message}).`, 'Check AZURE_SPEECH_ENDPOINT: it must be the Speech service.')));
        }
      });
    });
  } finally {
    ws.removeAllListeners('close');
    ws.on('error', () => { /* closing: nothing more to report */ });
    ws.close();
  }
}

/** An Azure Speech engine; options override the environment (tests point `endpoint` at a fake server). */
export function azureEngine(opts: AzureOptions = {}): SpeechEngine {
  return defineEngine({
    name: 'azure',
    defaultVoice: AZURE_VOICE,
    cloud: true,
    wordTimes: true,
    identity() {
      const s = settings(opts);
      return { endpoint: s.endpoint, outputFormat: OUTPUT_FORMAT };
    },
    async check(): Promise<EngineStatus> {
      const s = settings(opts);
      if (!s.key || !s.endpoint) return { ok: false, fix: 'export AZURE_SPEECH_KEY=... AZURE_SPEECH_REGION=... (keys are read from the environment only)' };
      return { ok: true, version: s.endpoint };
    },
    async synthesize(req, outFile) {
      const s = settings(opts);
      if (!s.key || !s.endpoint)
        throw new LessoncastError('ENGINE_KEY_MISSING', `The azure speech engine needs ${!s.key ? 'AZURE_SPEECH_KEY' : 'AZURE_SPEECH_REGION'}, which is not set.`,
          'export AZURE_SPEECH_KEY=... AZURE_SPEECH_REGION=westeurope (keys are read from the environment only, never from config files)');
      // Rate and pitch go into the SSML: the service keeps word boundaries in step with them.
      const { pcm, words } = await speak(s, azureSsml(req.text, req.voice ?? AZURE_VOICE, req.rate, req.pitch));
      if (pcm.length === 0) throw new LessoncastError('ENGINE_HTTP', 'azure: the service sent no audio.', 'Check the voice name (AZURE voices look like en-US-AvaMultilingualNeural).');
      return pcmClip(pcmFromBytes(pcm), PCM_RATE, outFile, undefined, words);
    },
  });
}
