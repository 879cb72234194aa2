/** Section heading → scene kind (docs/ir.md), with the nearest known kind for typos. */
import { distance } from 'fastest-levenshtein';
import type { SceneKind } from '../types.ts';

/** Heading words that name a scene kind, longest first so `powerpoint slide` wins over `powerpoint`. */
export const SCENE_KIND_NAMES: ReadonlyArray<readonly [string, SceneKind]> = [
  ['powerpoint slide', 'slide'],
  ['powerpoint', 'slide'],
  ['slide', 'slide'],
  ['vscode', 'desktop'],
  ['terminal', 'desktop'],
  ['editor', 'desktop'],
];

/** How a heading (or a Structure plan line) names its kind. */
export interface KindMatch {
  kind: SceneKind | null;
  /** The known kind name nearest to the heading, when the heading names none. */
  nearest: string | null;
  /** Edit distance to `nearest`. */
  distance: number;
}

/**
 * `## vscode`, `## powerpoint slide` and also `## vscode: creating pods` (a kind, then a topic)
 * name a kind; anything else gets the nearest kind name as a hint.
 */
export function sceneKindOf(heading: string): KindMatch {
  const h = heading.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const [name, kind] of SCENE_KIND_NAMES)
    if (h === name || (h.startsWith(name) && /^[\s:\-–—(]/.test(h.slice(name.length)))) return { kind, nearest: null, distance: 0 };
  let nearest = SCENE_KIND_NAMES[0][0];
  let best = Infinity;
  const first = h.split(/[\s:]/)[0];
  for (const [name] of SCENE_KIND_NAMES) {
    const d = Math.min(distance(h, name), name.includes(' ') ? Infinity : distance(first, name));
    if (d < best) { best = d; nearest = name; }
  }
  return { kind: null, nearest, distance: best };
}

/** The kind a known kind name stands for. */
export function kindOfName(name: string): SceneKind {
  return SCENE_KIND_NAMES.find(([n]) => n === name)?.[1] ?? 'slide';
}
