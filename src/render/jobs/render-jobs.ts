/**
 * The render jobs of a course, as plain data, in one place (docs/scale.md): a speech job per lesson
 * (the timeline needs its clip durations), then per lesson a flow — a mux job whose children are
 * the lesson's shot jobs and its narration track. A job's id is its artifact's content key (the
 * store's key function), so a job done anywhere (in the store) is never done again, and two
 * coordinators of the same course add the same ids and share them. Priorities give the order every
 * scheduler follows (BullMQ's and the local one, job-scheduler.ts): lower first, then first added.
 */
import type { Course } from '../../course.ts';
import type { LessonInputs } from '../../lesson-inputs.ts';
import { narrationKeys } from '../../narrate/narrate-lesson.ts';
import { dataDigest } from '../../store/artifact-key.ts';
import { keyId } from '../../store/store.ts';
import type { Lesson } from '../../types.ts';
import type { Shot, VideoPlan } from '../video/plan-video.ts';

export type JobKind = 'speech' | 'shot' | 'narration' | 'mux';

/** The video options a job's plan is made with (the coordinator's `--fps` and `--capture`). */
export interface VideoOptions { fps?: number; capture: 'changes' | 'every-frame' }

/**
 * What every job carries: which lesson, the digests of the course files it needs, the video
 * options, and (`scenes`) when it was planned from the lesson's first scenes alone, their number:
 * a shot planned while later scenes were still spoken (docs/video.md, "Speech beside capture").
 */
export interface JobBase { kind: JobKind; slug: string; inputs: LessonInputs; video: VideoOptions; scenes?: number }
/** Synthesizes the speech of the lesson's paragraphs `paragraphs` (narration ids; all of them when absent). */
export interface SpeechJob extends JobBase { kind: 'speech'; sentences: number; paragraphs?: string[] }
export interface ShotJob extends JobBase {
  kind: 'shot';
  /** The shot's store key (`shot/<hash>`). */
  key: string;
  scene: { id: string; title: string; start: number; end: number };
  /** Change points to seek (a cost estimate for progress and the simulation). */
  seeks: number;
}
export interface NarrationJob extends JobBase { kind: 'narration'; key: string }
export interface MuxJob extends JobBase { kind: 'mux'; key: string; shots: number }
export type RenderJob = SpeechJob | ShotJob | NarrationJob | MuxJob;

/** A job to add: its id, its data and its priority (lower runs first). */
export interface JobSpec<T extends RenderJob = RenderJob> { id: string; data: T; priority: number }

/**
 * Priorities: a lesson whose shots are done is joined first (it is ready to publish), speech comes
 * before shots (every lesson's plan waits for it), the narration track before the shots it is mixed
 * beside, shots last.
 */
export const PRIORITY: Record<JobKind, number> = { mux: 1, speech: 2, narration: 3, shot: 4 };

/** The attempts of a job before its failure is final (a shot also retries once inside, on a fresh page). */
export const JOB_ATTEMPTS = 2;

/** BullMQ job ids must not contain `:`; slugs are file names. */
function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/**
 * A job's id: kind, content hash and lesson. The lesson is part of the id because a child job has
 * one parent: two lessons with an identical shot each get a job, and the second one finds the
 * segment in the store.
 */
export function jobId(kind: JobKind, hash: string, slug: string): string {
  return `${kind}-${hash}-${safe(slug)}`;
}

/** A speech job of the lesson (of some of its paragraphs): its id is the digest of the store keys of that narration. */
export function speechJob(course: Course, lesson: Lesson, base: Omit<JobBase, 'kind'>, paragraphs?: string[]): JobSpec<SpeechJob> {
  const keys = narrationKeys(course, lesson, paragraphs ? { paragraphs: new Set(paragraphs) } : {}).map(keyId);
  return {
    id: jobId('speech', dataDigest(keys), lesson.slug), priority: PRIORITY.speech,
    data: { ...base, kind: 'speech', sentences: keys.length / 2, ...(paragraphs ? { paragraphs } : {}) },
  };
}

/** The speech of a lesson in groups of whole scenes, in order, each of at least `minSentences` sentences (the last may have fewer). */
export function speechGroups(lesson: Lesson, minSentences = SPEECH_GROUP_SENTENCES): { scenes: number; paragraphs: string[] }[] {
  const groups: { scenes: number; paragraphs: string[] }[] = [];
  let current: { scenes: number; paragraphs: string[] } | null = null;
  let sentences = 0;
  lesson.scenes.forEach((scene, i) => {
    current ??= { scenes: 0, paragraphs: [] };
    for (const it of scene.items) if (it.type === 'narration') { current.paragraphs.push(it.id); sentences += it.sentences.length; }
    current.scenes = i + 1;
    if (sentences >= minSentences) { groups.push(current); current = null; sentences = 0; }
  });
  if (current) groups.push(current);
  return groups;
}

/**
 * Sentences a speech job holds at least: one job per scene would start a speech engine (festival
 * loads its voice in ~1 s) for every short scene; a group of whole scenes keeps that to a few.
 */
export const SPEECH_GROUP_SENTENCES = 8;

/** The job of one shot. */
export function shotJob(shot: Shot, base: Omit<JobBase, 'kind'>): JobSpec<ShotJob> {
  return {
    id: jobId('shot', shot.key.hash, base.slug), priority: PRIORITY.shot,
    data: { ...base, kind: 'shot', key: keyId(shot.key), scene: { id: shot.sceneId, title: shot.sceneTitle, start: shot.start, end: shot.end }, seeks: shot.times.length },
  };
}

/**
 * The lesson's flow from its plan: the mux job and, as its children, the shots and the narration
 * track that the store lacks (`have` says which keys are there). Each distinct shot once; the
 * longest first, so a lesson's last shot is not a long one started late.
 */
export function lessonFlow(plan: VideoPlan, base: Omit<JobBase, 'kind'>, have: (key: string) => boolean): { mux: JobSpec<MuxJob>; children: JobSpec[] } {
  const seen = new Set<string>();
  const shots = plan.shots.filter((s) => !have(keyId(s.key)) && !seen.has(s.key.hash) && seen.add(s.key.hash))
    .sort((a, b) => (b.end - b.start) - (a.end - a.start));
  const children: JobSpec[] = shots.map((s) => shotJob(s, base));
  if (!have(keyId(plan.narration.key)))
    children.unshift({ id: jobId('narration', plan.narration.key.hash, base.slug), priority: PRIORITY.narration, data: { ...base, kind: 'narration', key: keyId(plan.narration.key) } });
  return {
    mux: { id: jobId('mux', plan.output.key.hash, base.slug), priority: PRIORITY.mux, data: { ...base, kind: 'mux', key: keyId(plan.output.key), shots: plan.shots.length } },
    children,
  };
}

/** A line naming a job for messages: `lesson: scene "Title" (id, 12.0–20.5 s)`. */
export function describeJob(job: RenderJob): string {
  if (job.kind === 'speech' && job.paragraphs) return `${job.slug}: speech of ${job.paragraphs.length} paragraph(s)`;
  if (job.kind === 'shot')
    return `${job.slug}: scene "${job.scene.title}" (${job.scene.id}, ${(job.scene.start / 1000).toFixed(1)}–${(job.scene.end / 1000).toFixed(1)} s)`;
  return `${job.slug}: ${job.kind === 'mux' ? 'joining the video' : job.kind === 'speech' ? 'speech' : 'narration track'}`;
}
