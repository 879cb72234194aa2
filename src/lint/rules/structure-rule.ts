/** `structure-mismatch`: the `Structure:` plan and the real sections disagree (compared by scene kind). */
import type { Diagnostic, Lesson, SceneKind } from '../../types.ts';

/** Indices of a and b that a longest common subsequence pairs up. */
function alignment(a: SceneKind[], b: SceneKind[]): { a: Set<number>; b: Set<number> } {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const ma = new Set<number>();
  const mb = new Set<number>();
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) { ma.add(i++); mb.add(j++); }
    else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return { a: ma, b: mb };
}

const kindName = (k: SceneKind) => (k === 'slide' ? 'slide' : 'desktop');

/** A warning per plan line with no section of its kind, and per section missing from the plan. */
export function structureRule(lesson: Lesson): Diagnostic[] {
  const plan = (lesson.structure ?? []).filter((p) => p.kind !== null);
  if (plan.length === 0) return [];
  const scenes = lesson.scenes;
  const { a: planned, b: built } = alignment(plan.map((p) => p.kind!), scenes.map((s) => s.kind));
  const out: Diagnostic[] = [];
  const sections = scenes.map((s) => s.heading ?? `(${kindName(s.kind)}, no heading)`).join(' → ') || 'none';
  plan.forEach((p, i) => {
    if (!planned.has(i))
      out.push({
        code: 'structure-mismatch', severity: 'warning', file: lesson.file, line: p.pos.line, column: p.pos.column,
        message: `the Structure plan has a ${kindName(p.kind!)} scene "${p.text}" that no section matches (sections: ${sections})`,
        hint: `add a "## ${p.text.split(/\s+/)[0]}" section, or update the plan`,
      });
  });
  scenes.forEach((s, j) => {
    if (!built.has(j))
      out.push({
        code: 'structure-mismatch', severity: 'warning', file: lesson.file, line: s.pos.line, column: s.pos.column,
        message: `section ${s.heading ? `"${s.heading}"` : `(${kindName(s.kind)}, no heading)`} is not in the Structure plan`,
        hint: 'add it to the plan, or update the section',
      });
  });
  return out;
}
