/**
 * The camera and highlights of a lesson's video, as cues of its timeline (docs/stage.md, "The
 * camera"): the stage's geometry in the video's shape (scene-geometry.ts), the framing after each
 * step (src/camera/frame-camera.ts), placed at the steps' times and the author's `{focus}` words;
 * the highlights of `{highlight}` words and of output the narration names (highlight-cues.ts).
 * `lessoncast timeline` prints them and the video's shot keys cover them.
 */
import { cameraCues, commandReadability, directiveFraming, frameSteps, type CameraEvent, type CommandReadability } from '../camera/frame-camera.ts';
import { highlightCues, timedDirectives } from '../camera/highlight-cues.ts';
import type { SceneGeometry } from '../camera/types.ts';
import type { Cue, Timeline } from '../schedule/types.ts';
import { cameraModeOf, stageModel, stepCueSpans, type StageInput } from './stage-model.ts';
import { videoShape, type StageShape } from './stage-shape.ts';

const ms = (s: number) => Math.round(s * 1000);

/** What `lessonCamera` decides: the cues to add to the timeline, and each desktop scene's geometry (for measuring). */
export interface LessonCamera { shape: StageShape; cues: Cue[]; geometry: SceneGeometry[] }

/** The camera and highlight cues of the lesson's video in `shape` (default: the config's `video` size). */
export async function lessonCamera(input: StageInput, timeline: Timeline, opts: { shape?: StageShape } = {}): Promise<LessonCamera> {
  const { course, lesson } = input;
  const shape = opts.shape ?? videoShape(course.config.video);
  const mode = cameraModeOf(course, lesson);
  const model = await stageModel(input, 'deck', undefined, { shape });
  const directives = timedDirectives(lesson, timeline);
  const cues: Cue[] = [];
  const geometry: SceneGeometry[] = [];
  for (const scene of model.scenes) {
    const geom = scene.geometry;
    const tl = timeline.scenes.find((s) => s.id === scene.id);
    if (!geom || !tl) continue;
    geometry.push(geom);
    const sceneCues = timeline.cues.filter((c) => c.sceneId === scene.id);
    const spans = stepCueSpans(scene.steps, sceneCues);
    const framings = frameSteps(geom, mode);
    let events: (CameraEvent & { step?: number })[] = [];
    geom.steps.forEach((focus, i) => {
      if (focus.kind !== 'none' && spans[i]) events.push({ at: ms(spans[i]![0]), framing: framings[i + 1], must: focus.kind === 'terminal' && !!focus.commandId, step: i });
    });
    for (const d of directives) {
      const dir = d.narration.directives![d.index];
      if (d.sceneId !== scene.id || dir.type !== 'focus') continue;
      const done = spans.filter((s) => s && ms(s[0]) <= d.at).length;
      const lines: [number, number] | undefined = dir.lines ? [dir.lines.from, dir.lines.to] : undefined;
      // The author's word holds to the end of its sentence (a second at least): steps that start meanwhile are framed then.
      const hold = Math.max(d.at + 1000, d.until);
      const deferred = events.filter((e) => e.step !== undefined && e.at >= d.at && e.at < hold);
      events = events.filter((e) => !deferred.includes(e));
      events.push({ at: d.at, framing: directiveFraming(geom, { at: d.at, target: dir.target, lines, raw: dir.raw }, done), must: true });
      const last = deferred[deferred.length - 1];
      if (last) events.push({ ...last, at: hold, must: true });
    }
    cues.push(...cameraCues({ id: scene.id, start: ms(tl.start), end: ms(tl.end) }, geom.stage, events));
  }
  cues.push(...highlightCues(lesson, timeline, input.casts));
  return { shape, cues, geometry };
}

/** The timeline with `extra` cues among its own: sorted by start, a scene's cue first, then in the order given (its own before the extra). */
export function withCues(timeline: Timeline, extra: Cue[]): Timeline {
  const all = [...timeline.cues, ...extra].map((c, i) => ({ c, i }));
  all.sort((a, b) => a.c.start - b.c.start || (a.c.type === 'scene' ? 0 : 1) - (b.c.type === 'scene' ? 0 : 1) || a.i - b.i);
  return { ...timeline, cues: all.map((x) => x.c) };
}

/** The timeline of the lesson's video with its camera and highlights, and how readable each command is at its cue's end. */
export async function cameraTimeline(input: StageInput, timeline: Timeline, opts: { shape?: StageShape } = {}): Promise<{ timeline: Timeline; camera: LessonCamera; readability: CommandReadability[] }> {
  const camera = await lessonCamera(input, timeline, opts);
  const full = withCues(timeline, camera.cues);
  return { timeline: full, camera, readability: camera.geometry.flatMap((g) => commandReadability(g, full.cues)) };
}
