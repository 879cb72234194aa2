/**
 * The I/O edge of the video plan: narrates the lesson (or finds its speech in the store), reads its
 * casts, schedules it, and reads what the pictures depend on (slides and the digests of their
 * images and of the opened files, from the lesson's one list of inputs, lesson-inputs.ts; casts; the
 * stage's own code) into plain data for `planVideo` (plan-video.ts).
 */
import { relative } from 'node:path';
import type { VideoParams } from '../../adapters/ffmpeg.ts';
import type { LessonCast } from '../../casts/types.ts';
import type { Course } from '../../course.ts';
import type { LessonAudio } from '../../narrate/types.ts';
import type { NarrateOptions } from '../../narrate/narrate-lesson.ts';
import { readClip } from '../../narrate/speech-cache.ts';
import type { Timeline } from '../../schedule/types.ts';
import { timelineFor } from '../../schedule/timeline-for.ts';
import { inputDigest, lessonInputs, type LessonInputs } from '../../lesson-inputs.ts';
import { resolveLessonPath } from '../../stage/editor-files.ts';
import { cameraTimeline } from '../../stage/lesson-camera.ts';
import { lessonSlides } from '../../stage/lesson-slides.ts';
import { sceneSteps } from '../../stage/stage-steps.ts';
import { stageCodeDigest, type LessonLook, type SceneLook } from '../../store/artifact-inputs.ts';
import { dataDigest, fileDigest } from '../../store/artifact-key.ts';
import { keyId } from '../../store/store.ts';
import { storeFor } from '../../store/store-for.ts';
import type { Lesson } from '../../types.ts';
import { loudnessTarget, videoParams } from './video-params.ts';

/** Everything the plan of a lesson's video is made from, as plain data. */
export interface VideoInputs {
  slug: string;
  timeline: Timeline;
  audio: LessonAudio;
  casts: LessonCast[];
  params: VideoParams;
  capture: 'changes' | 'every-frame';
  loudness: { target: number; truePeak: number };
  look: { stage: string; lesson: LessonLook; scenes: Record<string, SceneLook> };
  castDigests: Record<string, string>;
  /** Each narration clip (by its file, as the timeline names it): its store key and loudness. */
  clips: Record<string, { key: string; loudness: number | null }>;
}

export interface VideoInputOptions {
  fps?: number;
  capture?: 'changes' | 'every-frame';
  /** Where the narration's progress bar goes (a terminal), if anywhere. */
  progress?: NarrateOptions['progress'];
  /** false: only what is in the store (lessoncast clean); missing speech is an error. */
  synthesize?: boolean;
  /** The lesson's inputs, when the caller has them already (else read here): the file digests of the keys. */
  inputs?: LessonInputs;
  /** Only the first scenes, as they will be in the whole plan (their speech alone is needed; schedule-lesson.ts). */
  scenes?: number;
}

/** What a scene contributes to its pictures at any time (the fields of SceneLook, docs/store.md). */
function sceneLooks(course: Course, lesson: Lesson, timeline: Timeline, castDigests: Record<string, string>, digest: (path: string) => string): Record<string, SceneLook> {
  const slides = lessonSlides(course, lesson.slug);
  const looks: Record<string, SceneLook> = {};
  let slideN = 0;
  // One terminal per lesson: a desktop scene starts with what the earlier ones left in it (docs/stage.md).
  const earlier: unknown[] = [];
  for (const scene of lesson.scenes) {
    const { steps } = sceneSteps(scene);
    const slide = scene.kind === 'slide' ? slides?.[slideN++] ?? null : null;
    const files = steps.flatMap((s) => {
      if (s.kind !== 'open-file' || s.placeholder) return [];
      const abs = resolveLessonPath(course, lesson, s.path);
      return [{ path: s.path, shown: relative(course.root, abs), digest: digest(abs) }];
    });
    looks[scene.id] = {
      kind: scene.kind,
      title: timeline.scenes.find((t) => t.id === scene.id)?.title ?? '',
      heading: scene.heading,
      slide: slide ? { html: slide.html, images: slide.assets.map((a) => ({ to: a.to, digest: digest(a.from) })) } : null,
      steps,
      files,
      code: scene.items.flatMap((it) => (it.type === 'code' ? [{ id: it.id, lang: it.lang, code: it.code }] : [])),
      history: scene.kind === 'desktop' && earlier.length ? dataDigest(earlier) : null,
    };
    if (scene.kind === 'desktop') earlier.push({ steps, casts: steps.map((s) => (s.kind === 'command' ? castDigests[s.commandId] ?? null : null)) });
  }
  return looks;
}

/** Narration, casts, timeline and the digests of everything the pictures and the sound depend on. */
export async function videoInputs(course: Course, lesson: Lesson, opts: VideoInputOptions = {}): Promise<VideoInputs> {
  const params = videoParams(course.config, { fps: opts.fps });
  const loudness = loudnessTarget(course.config);
  const scheduled = await timelineFor(course, lesson, { progress: opts.progress, narrate: { synthesize: opts.synthesize }, scenes: opts.scenes });
  const { audio, casts } = scheduled;
  // The camera and highlights are cues of the timeline: the shots' keys cover them (docs/stage.md, "The camera").
  const { timeline } = await cameraTimeline({ course, lesson, casts }, scheduled.timeline);
  const store = storeFor(course);
  // One list of the lesson's files and their digests (lesson-inputs.ts): the keys read theirs there.
  const files = opts.inputs ?? lessonInputs(course, lesson);
  const clips: VideoInputs['clips'] = {};
  await Promise.all(timeline.cues.filter((c) => c.type === 'narration' && c.audio).map(async (c) => {
    const file = c.audio!;
    if (clips[file]) return;
    const key = store.keyOf(file);
    const clip = key ? await readClip(store, key) : null;
    // A clip outside the store (never the case for lessoncast's own) is keyed by its bytes.
    clips[file] = { key: key ? keyId(key) : `file/${fileDigest(file)}`, loudness: clip?.loudness ?? null };
  }));
  const castDigests = Object.fromEntries(casts.map((c) => [c.commandId, dataDigest({
    cols: c.cast.cols, rows: c.cast.rows, theme: c.cast.theme ?? null, events: c.cast.events,
    typedAt: c.typedAt ?? null, clearBefore: c.clearBefore ?? false, exitCode: c.exitCode ?? null,
  })]));
  return {
    slug: lesson.slug, timeline, audio, casts, params, capture: opts.capture ?? 'changes', loudness,
    look: {
      stage: stageCodeDigest(),
      lesson: {
        title: lesson.title, courseTitle: course.config.title ?? null, theme: course.config.theme ?? null, terminal: { ...lesson.meta.terminal },
        // The course's secret patterns change what opened files show (they are keyed by their bytes).
        ...(course.config.redact?.length ? { redact: course.config.redact } : {}),
      },
      scenes: sceneLooks(course, lesson, timeline, castDigests, (path) => inputDigest(course, files, path)),
    },
    castDigests,
    clips,
  };
}
