/** A throwaway course made by `lessoncast init`'s template (copied directly: no CLI run needed). */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { templateFiles } from '../../src/commands/init.ts';

/** A new course in a temp folder, as init writes it; `edit` changes files after. */
export function initCourse(edit: Record<string, string | ((text: string) => string)> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'lc-course-'));
  for (const f of templateFiles()) {
    mkdirSync(dirname(join(root, f.to)), { recursive: true });
    cpSync(f.from, join(root, f.to));
  }
  for (const [file, change] of Object.entries(edit)) {
    const path = join(root, file);
    const text = typeof change === 'string' ? change : change(readFileSync(path, 'utf8'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}
