/**
 * Trailing annotations on a command line (docs/ir.md): `# no output` (it prints nothing on purpose)
 * and `# exit N` (its exit status is N), alone or together (`# exit 1, no output`). They are shell
 * comments, so the line runs the same with or without them, and they are cut from the command that
 * is typed on screen. Pure.
 */
import type { CommandExpectation } from '../types.ts';

const ITEM = String.raw`(?:no\s+output|exit(?:\s+status)?\s+\d{1,3})`;
const ANNOTATION = new RegExp(String.raw`\s+#\s*(${ITEM}(?:\s*[,;]\s*${ITEM})*)\s*$`, 'i');

/** The command without its annotation, and what the annotation says (undefined when it has none). */
export function splitAnnotation(command: string): { command: string; expect?: CommandExpectation } {
  const m = ANNOTATION.exec(command);
  if (!m || m.index === 0) return { command };
  const expect: CommandExpectation = {};
  for (const item of m[1].split(/\s*[,;]\s*/)) {
    const exit = /(\d+)$/.exec(item);
    if (exit && /^exit/i.test(item)) {
      const n = Number(exit[1]);
      if (n > 255) return { command }; // not an exit status: an ordinary comment
      expect.exit = n;
    } else expect.noOutput = true;
  }
  return { command: command.slice(0, m.index), expect };
}
