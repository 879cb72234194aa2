/**
 * A scene as the stage sees it: the ordered steps that change the picture (terminal steps, popups,
 * code blocks) and the narration spoken around them. Pure; the deck makes each step a fragment and
 * the video finds the steps whose cues have started.
 */
import type { Narration, Scene } from '../types.ts';
import { isPlaceholderPath } from '../parse/find-placeholders.ts';

/** One change of the stage picture, in script order. */
export type StageStep =
  | { kind: 'command'; id: string; commandId: string; text: string }
  /** A marker (`m` event) in the command's cast: the deck stops there like a fragment (added by stage-model). */
  | { kind: 'marker'; id: string; commandId: string; label: string; index: number }
  /** `lines`: `code <path>:<from>-<to>`, the lines to scroll to and mark. */
  | { kind: 'open-file'; id: string; path: string; placeholder: boolean; lines?: [number, number] }
  /** `keys`: the key press the direction names (`ctrl+~`), shown on screen (docs/stage.md, "Keys on screen"). */
  | { kind: 'focus-terminal'; id: string; keys?: string }
  | { kind: 'clear'; id: string; keys?: string }
  | { kind: 'popup'; id: string; popupId: string; text: string }
  | { kind: 'code'; id: string; codeId: string; lang: string };

/** A scene's steps, with the narration before the first step and after each one (speaker notes). */
export interface SceneSteps {
  steps: StageStep[];
  /** Narration spoken before the first step. */
  intro: Narration[];
  /** `after[i]`: narration spoken after step i, until the next step. */
  after: Narration[][];
}


/** Splits a scene into stage steps and the narration around them. */
export function sceneSteps(scene: Scene): SceneSteps {
  const steps: StageStep[] = [];
  const intro: Narration[] = [];
  const after: Narration[][] = [];
  const push = (step: StageStep) => { steps.push(step); after.push([]); };
  for (const item of scene.items) {
    if (item.type === 'narration') {
      (steps.length ? after[after.length - 1] : intro).push(item);
    } else if (item.type === 'popup') {
      push({ kind: 'popup', id: `${scene.id}-step-${steps.length + 1}`, popupId: item.id, text: item.text });
    } else if (item.type === 'code') {
      push({ kind: 'code', id: `${scene.id}-step-${steps.length + 1}`, codeId: item.id, lang: item.lang });
    } else if (item.type === 'terminal') {
      for (const step of item.steps) {
        const id = `${scene.id}-step-${steps.length + 1}`;
        if (step.type === 'command') push({ kind: 'command', id, commandId: step.id, text: step.command });
        else if (step.action === 'open-file')
          push({ kind: 'open-file', id, path: (step.path ?? '').trim(), placeholder: isPlaceholderPath(step.path, step.placeholders.length > 0),
            ...(step.lines ? { lines: [step.lines.from, step.lines.to] as [number, number] } : {}) });
        else if (step.action === 'focus-terminal') push({ kind: 'focus-terminal', id, ...(step.keys ? { keys: step.keys } : {}) });
        else push({ kind: 'clear', id, ...(step.keys ? { keys: step.keys } : {}) });
      }
    }
  }
  return { steps, intro, after };
}

// One definition of a placeholder path for the schedule and the stage.
export { isPlaceholderPath } from '../parse/find-placeholders.ts';
