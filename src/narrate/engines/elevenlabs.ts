/**
 * ElevenLabs text-to-speech with its own word timings: `POST /v1/text-to-speech/{voice_id}/with-timestamps`
 * answers JSON with the audio (base64, raw PCM for `output_format=pcm_24000`) and `alignment`,
 * each character's start and end in seconds. The key comes only from the environment
 * (ELEVENLABS_API_KEY). Tests run it against a local fake that speaks this protocol, because the
 * service cannot be reached from the build machine.
 */
import { LessoncastError } from '../../errors.ts';
import { defineEngine, type EngineStatus, type SpeechEngine } from '../types.ts';
import { pcmFromBytes } from '../wav.ts';
import { fetchWithRetry, pcmClip, wordsFromCharacters } from './cloud-audio.ts';

/** "Rachel", ElevenLabs' long-standing default voice id. */
export const ELEVENLABS_VOICE = '21m00Tcm4TlvDq8ikWAM';
export const ELEVENLABS_MODEL = 'eleven_multilingual_v2';
export const ELEVENLABS_BASE_URL = 'https://api.elevenlabs.io';
const PCM_RATE = 24000;

export interface ElevenLabsOptions { apiKey?: string; baseUrl?: string; model?: string; timeoutMs?: number }

function settings(opts: ElevenLabsOptions) {
  return {
    apiKey: opts.apiKey ?? process.env.ELEVENLABS_API_KEY ?? '',
    baseUrl: (opts.baseUrl ?? process.env.ELEVENLABS_BASE_URL ?? ELEVENLABS_BASE_URL).replace(/\/+$/, ''),
    model: opts.model ?? process.env.LESSONCAST_ELEVENLABS_MODEL ?? ELEVENLABS_MODEL,
    timeoutMs: opts.timeoutMs ?? 60_000,
  };
}

/** The HTTP request for one text, as data. */
export function elevenlabsRequest(text: string, opts: { apiKey: string; baseUrl: string; model: string; voice?: string; rate?: number }): { url: string; init: { method: string; headers: Record<string, string>; body: string } } {
  const body: Record<string, unknown> = { text, model_id: opts.model };
  // The API's voice_settings.speed accepts 0.7–1.2.
  if (opts.rate && opts.rate !== 1) body.voice_settings = { speed: Math.max(0.7, Math.min(1.2, opts.rate)) };
  return {
    url: `${opts.baseUrl}/v1/text-to-speech/${encodeURIComponent(opts.voice ?? ELEVENLABS_VOICE)}/with-timestamps?output_format=pcm_${PCM_RATE}`,
    init: { method: 'POST', headers: { 'xi-api-key': opts.apiKey, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) },
  };
}

interface Alignment { characters?: string[]; character_start_times_seconds?: number[]; character_end_times_seconds?: number[] }

/** An ElevenLabs engine; options override the environment (tests point `baseUrl` at a fake server). */
export function elevenlabsEngine(opts: ElevenLabsOptions = {}): SpeechEngine {
  return defineEngine({
    name: 'elevenlabs',
    defaultVoice: ELEVENLABS_VOICE,
    cloud: true,
    wordTimes: true,
    identity() {
      const s = settings(opts);
      return { model: s.model, baseUrl: s.baseUrl };
    },
    async check(): Promise<EngineStatus> {
      const s = settings(opts);
      if (!s.apiKey) return { ok: false, fix: 'export ELEVENLABS_API_KEY=... (keys are read from the environment only)' };
      return { ok: true, version: `${s.model} at ${s.baseUrl}` };
    },
    async synthesize(req, outFile) {
      const s = settings(opts);
      if (!s.apiKey)
        throw new LessoncastError('ENGINE_KEY_MISSING', 'The elevenlabs speech engine needs an API key: ELEVENLABS_API_KEY is not set.',
          'export ELEVENLABS_API_KEY=... (keys are read from the environment only, never from config files)');
      const { url, init } = elevenlabsRequest(req.text, { ...s, voice: req.voice, rate: req.rate });
      const { res, error } = await fetchWithRetry(url, init, s.timeoutMs);
      if (!res) throw new LessoncastError('ENGINE_UNREACHABLE', `elevenlabs: ${s.baseUrl} cannot be reached (${error}).`, 'Check the network, or ELEVENLABS_BASE_URL.');
      if (!res.ok) {
        const detail = (await res.text().catch(() => '')).slice(0, 300);
        throw new LessoncastError('ENGINE_HTTP', `elevenlabs: ${url.split('?')[0]} answered HTTP ${res.status}: ${detail}`,
          res.status === 401 ? 'Check ELEVENLABS_API_KEY.' : 'Check the voice id and the model (LESSONCAST_ELEVENLABS_MODEL), or try again later.');
      }
      let json: { audio_base64?: string; alignment?: Alignment | null };
      try {
        json = await res.json() as typeof json;
      } catch (err) {
        throw new LessoncastError('ENGINE_HTTP', `elevenlabs: the answer is not JSON (${(err as Error).message}).`, 'Check ELEVENLABS_BASE_URL: it must be the API, not a web page.');
      }
      if (typeof json.audio_base64 !== 'string')
        throw new LessoncastError('ENGINE_HTTP', 'elevenlabs: the answer has no audio_base64.', 'Check ELEVENLABS_BASE_URL and the API version.');
      const a = json.alignment ?? {};
      const words = wordsFromCharacters(a.characters ?? [], a.character_start_times_seconds ?? [], a.character_end_times_seconds ?? []);
      return pcmClip(pcmFromBytes(Buffer.from(json.audio_base64, 'base64')), PCM_RATE, outFile, req.pitch, words);
    },
  });
}
