/**
 * The plan of a lesson's video (pure): the shots to render with their store keys and ticks, the
 * narration track (clips, offsets, gains) and the final files (chapters, captions, poster) with
 * theirs. Plain data from plain data (video-inputs.ts), so any process that has the course can
 * make the same plan and render any part of it (docs/video.md, "Plan and store").
 */
import { AAC_OPTIONS, h264Options, muxKeyOptions, type VideoParams } from '../../adapters/ffmpeg.ts';
import { toSrt, toVtt } from '../../narrate/captions.ts';
import type { Timeline } from '../../schedule/types.ts';
import { keyFor, type NarrationInputs, type VideoKeyParams } from '../../store/artifact-inputs.ts';
import { keyId, type StoreKey } from '../../store/store.ts';
import { chaptersMetadata } from './chapters.ts';
import { lessonTicks, shotTicks } from './frame-grid.ts';
import { planShots, type ShotPart } from './plan-shots.ts';
import type { VideoInputs } from './video-inputs.ts';

/** A shot of the plan: where it is, what to capture, its key, and its ticks on its own clock and on the lesson's. */
export interface Shot extends ShotPart {
  key: StoreKey;
  /** Ticks the segment is encoded with (its own clock, from its start). */
  ticks: number;
  /** Ticks of the lesson's clock it covers in the final video (`ticks` or one fewer; 0 for a sliver shorter than a tick). */
  lessonTicks: number;
}

/** A narration clip on the track: its file, where it starts (s) and the gain that levels it (dB). */
export interface Placement { file: string; offset: number; gainDb: number }

export interface VideoPlan {
  slug: string;
  params: VideoParams;
  capture: 'changes' | 'every-frame';
  duration: number;
  shots: Shot[];
  narration: { key: StoreKey; sampleRate: number; duration: number; placements: Placement[]; loudness: { target: number; truePeak: number } };
  output: { key: StoreKey; chapters: string; vtt: string; srt: string; poster: { shot: number; frame: 'first' | 'last' } };
}

/** Gain limits when levelling a clip: a nearly silent clip is not brought up past this. */
const MAX_GAIN_DB = 40;

/** The segment parameters as every shot key has them. */
export function videoKeyParams(p: VideoParams, capture: 'changes' | 'every-frame'): VideoKeyParams {
  return { width: p.width, height: p.height, rate: p.rate, cfr: p.cfr, encoder: h264Options(p), capture };
}

/**
 * Each clip's gain to the target loudness; clips without a loudness of their own (shorter than one
 * gating block) take the median gain of the lesson's others, so a short "Okay." sits with its neighbours.
 */
export function clipGains(loudness: (number | null)[], target: number): number[] {
  const own = loudness.map((l) => (l === null ? null : Math.max(-MAX_GAIN_DB, Math.min(MAX_GAIN_DB, target - l))));
  const known = own.filter((g): g is number => g !== null).sort((a, b) => a - b);
  const median = known.length ? known[Math.floor(known.length / 2)] : 0;
  return own.map((g) => g ?? median);
}

/** The poster: the opening slide if the lesson starts with one, else the end of the first shot with a command. */
function posterOf(shots: Shot[], timeline: Timeline): { shot: number; frame: 'first' | 'last' } {
  if (timeline.scenes[0]?.kind === 'slide' || shots.length === 0) return { shot: 0, frame: 'first' };
  const commands = timeline.cues.filter((c) => c.type === 'command');
  const i = shots.findIndex((s) => commands.some((c) => Math.round(c.end * 1000) <= s.end && Math.round(c.end * 1000) > s.start));
  return i >= 0 ? { shot: i, frame: 'last' } : { shot: 0, frame: 'first' };
}

/** The plan of the video of `inputs`' lesson. */
export function planVideo(inputs: VideoInputs): VideoPlan {
  const { timeline, params, capture } = inputs;
  const video = videoKeyParams(params, capture);
  const shots: Shot[] = planShots(timeline, inputs.casts, { capture, captureFps: params.rate, castDigests: inputs.castDigests }).map((s) => ({
    ...s,
    key: keyFor('shot', { video, stage: inputs.look.stage, lesson: inputs.look.lesson, scene: inputs.look.scenes[s.sceneId], duration: s.end - s.start, cues: s.cues }),
    ticks: shotTicks(s.end - s.start, params.rate),
    lessonTicks: lessonTicks(s.start, s.end, params.rate),
  }));

  const sampleRate = inputs.audio.sampleRate;
  const cues = timeline.cues.filter((c) => c.type === 'narration' && c.audio);
  const gains = clipGains(cues.map((c) => inputs.clips[c.audio!]?.loudness ?? null), inputs.loudness.target);
  const placements: Placement[] = cues.map((c, i) => ({ file: c.audio!, offset: c.start, gainDb: gains[i] }));
  const narrationInputs: NarrationInputs = {
    sampleRate, duration: Math.round(timeline.duration * 1000), loudness: inputs.loudness, encoder: AAC_OPTIONS,
    clips: cues.map((c) => [inputs.clips[c.audio!]?.key ?? c.audio!, Math.round(c.start * sampleRate)]),
  };
  const narrationKey = keyFor('narration', narrationInputs);

  const vtt = toVtt(timeline), srt = toSrt(timeline);
  const chapters = chaptersMetadata(timeline);
  const poster = posterOf(shots, timeline);
  const outputKey = keyFor('output', {
    shots: shots.map((s) => [s.key.hash, s.lessonTicks]), narration: narrationKey.hash, chapters, vtt, srt,
    poster: { shot: shots[poster.shot] ? keyId(shots[poster.shot].key) : '', frame: poster.frame }, container: muxKeyOptions(params.rate),
  });
  return {
    slug: inputs.slug, params, capture, duration: timeline.duration, shots,
    narration: { key: narrationKey, sampleRate, duration: timeline.duration, placements, loudness: inputs.loudness },
    output: { key: outputKey, chapters, vtt, srt, poster },
  };
}
