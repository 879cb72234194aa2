/**
 * Writes the stage page: `<dir>/index.html` and `<dir>/assets/`. The deck (mode 'deck') and the
 * video (mode 'video', driven by `window.lessoncastStage.seek(t)`) use the same page; see
 * docs/stage.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Timeline } from '../schedule/types.ts';
import { KEYS_SECONDS } from './key-labels.ts';
import { renderStageHtml } from './render-stage-html.ts';
import { writeStageAssets } from './stage-assets.ts';
import { stageModel, stageTerminalText, type StageInput, type StageModel, type StageMode } from './stage-model.ts';

/** Every time (lesson seconds) at which the video-mode picture may change: scene and cue bounds, terminal frames. */
export function stageChangeTimes(model: StageModel): number[] {
  const times = new Set<number>([0]);
  for (const s of model.scenes) {
    if (!s.video) continue;
    times.add(s.video.start);
    for (const span of s.video.steps) if (span) { times.add(span[0]); times.add(span[1]); }
    // Keys on screen go KEYS_SECONDS after their step; camera moves and highlights start and end (a move's ticks: plan-shots.ts).
    s.steps.forEach((st, i) => { const span = s.video!.steps[i]; if (span && (st.kind === 'focus-terminal' || st.kind === 'clear') && st.keys) times.add(Math.round((span[0] + KEYS_SECONDS) * 1000) / 1000); });
    for (const c of [...s.camera.cues, ...s.camera.highlights]) { times.add(c[0]); times.add(c[1]); }
    for (const t of s.terminal?.frames?.times ?? []) times.add(t);
  }
  return [...times].filter((t) => Number.isFinite(t) && t >= 0).sort((a, b) => a - b);
}

/** Writes the page for `input` in `mode`; video mode needs the lesson's timeline. */
export async function writeStagePage(
  dir: string,
  input: StageInput,
  opts: { mode: StageMode; timeline?: Timeline },
): Promise<{ file: string; changes: number[]; model: StageModel }> {
  const model = await stageModel(input, opts.mode, opts.timeline);
  mkdirSync(dir, { recursive: true });
  const slideAssets = model.scenes.flatMap((s) => s.slide?.assets ?? []);
  writeStageAssets(dir, opts.mode, slideAssets, stageTerminalText(model));
  const file = join(dir, 'index.html');
  writeFileSync(file, renderStageHtml(model));
  return { file, changes: opts.mode === 'video' ? stageChangeTimes(model) : [], model };
}
