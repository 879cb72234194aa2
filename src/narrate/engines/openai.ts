/**
 * OpenAI text-to-speech (`POST /v1/audio/speech`) behind the same `SpeechEngine` interface: the
 * template for any cloud engine. The key comes only from the environment (OPENAI_API_KEY).
 * lessoncast's tests run it against a local fake server that speaks the same HTTP protocol,
 * because the real service cannot be reached from the build machine.
 */
import { writeFileSync, rmSync } from 'node:fs';
import { LessoncastError, ignoreErrorAs } from '../../errors.ts';
import { defineEngine, type EngineStatus, type SpeechEngine } from '../types.ts';
import { normalizeAudio } from '../normalize-audio.ts';
import { encodeWav, pcmFromBytes, SAMPLE_RATE, writeWav } from '../wav.ts';

export const OPENAI_VOICE = 'alloy';
export const OPENAI_MODEL = 'tts-1';
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** The `pcm` response format is raw s16le mono at 24 kHz (converted to the common rate afterwards). */
const PCM_RATE = 24000;

export interface OpenAIOptions {
  /** Default: env OPENAI_API_KEY. */
  apiKey?: string;
  /** Default: env OPENAI_BASE_URL, else https://api.openai.com/v1. */
  baseUrl?: string;
  /** Default: env LESSONCAST_OPENAI_MODEL, else tts-1. */
  model?: string;
  /** Milliseconds per request. */
  timeoutMs?: number;
}

/** The HTTP request for one text, as data: url, headers and JSON body. */
export function openaiRequest(text: string, opts: { apiKey: string; baseUrl: string; model: string; voice?: string; rate?: number }): { url: string; init: { method: string; headers: Record<string, string>; body: string } } {
  const body: Record<string, unknown> = { model: opts.model, input: text, voice: opts.voice ?? OPENAI_VOICE, response_format: 'pcm' };
  // The API accepts speed 0.25–4.
  if (opts.rate && opts.rate !== 1) body.speed = Math.max(0.25, Math.min(4, opts.rate));
  return {
    url: `${opts.baseUrl.replace(/\/+$/, '')}/audio/speech`,
    init: { method: 'POST', headers: { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) },
  };
}

function settings(opts: OpenAIOptions) {
  return {
    apiKey: opts.apiKey ?? process.env.OPENAI_API_KEY ?? '',
    baseUrl: opts.baseUrl ?? process.env.OPENAI_BASE_URL ?? OPENAI_BASE_URL,
    model: opts.model ?? process.env.LESSONCAST_OPENAI_MODEL ?? OPENAI_MODEL,
    timeoutMs: opts.timeoutMs ?? 60_000,
  };
}

/** An OpenAI engine; options override the environment (tests point `baseUrl` at a fake server). */
export function openaiEngine(opts: OpenAIOptions = {}): SpeechEngine {
  return defineEngine({
    name: 'openai',
    defaultVoice: OPENAI_VOICE,
    cloud: true,
    // The model and the endpoint decide the voice (the API key does not): a new model re-synthesizes.
    identity() {
      const s = settings(opts);
      return { model: s.model, baseUrl: s.baseUrl.replace(/\/+$/, '') };
    },
    async check(): Promise<EngineStatus> {
      const s = settings(opts);
      // No request here: doctor must not spend money or need the network.
      if (!s.apiKey) return { ok: false, fix: 'export OPENAI_API_KEY=... (keys are read from the environment only)' };
      return { ok: true, version: `${s.model} at ${s.baseUrl}` };
    },
    async synthesize(req, outFile) {
      const s = settings(opts);
      if (!s.apiKey)
        throw new LessoncastError('ENGINE_KEY_MISSING', 'The openai speech engine needs an API key: OPENAI_API_KEY is not set.',
          'export OPENAI_API_KEY=sk-... (keys are read from the environment only, never from config files)');
      const { url, init } = openaiRequest(req.text, { ...s, voice: req.voice, rate: req.rate });
      let res: Response | undefined;
      let lastError = '';
      // One retry for rate limits and server errors; anything else is final.
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          res = await fetch(url, { ...init, signal: AbortSignal.timeout(s.timeoutMs) });
        } catch (err) {
          lastError = (err as Error).message;
          res = undefined;
          continue;
        }
        if (res.ok || !(res.status === 429 || res.status >= 500)) break;
        lastError = `HTTP ${res.status}`;
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      }
      if (!res) throw new LessoncastError('ENGINE_UNREACHABLE', `openai: ${url} cannot be reached (${lastError}).`, 'Check the network, or OPENAI_BASE_URL.');
      if (!res.ok) {
        const detail = (await res.text().catch(ignoreErrorAs('', 'the status alone says what failed'))).slice(0, 300);
        throw new LessoncastError('ENGINE_HTTP', `openai: ${url} answered HTTP ${res.status}: ${detail}`,
          res.status === 401 ? 'Check OPENAI_API_KEY.' : 'Check the voice and model names (LESSONCAST_OPENAI_MODEL), or try again later.');
      }
      const samples = pcmFromBytes(Buffer.from(await res.arrayBuffer()));
      if (!req.pitch && PCM_RATE === (SAMPLE_RATE as number)) {
        writeWav(outFile, samples, PCM_RATE);
        return { wavFile: outFile, sampleRate: PCM_RATE, duration: samples.length / PCM_RATE };
      }
      // To the common rate, and the pitch shift the API does not have.
      const raw = `${outFile}.raw.wav`;
      writeFileSync(raw, encodeWav(samples, PCM_RATE));
      try {
        const info = await normalizeAudio(raw, outFile, { pitch: req.pitch });
        return { wavFile: outFile, sampleRate: info.sampleRate, duration: info.duration };
      } finally {
        rmSync(raw, { force: true });
      }
    },
  });
}
