/**
 * A config edited while lessoncast runs (dev, build --watch) is read again as it now is: the loader
 * evaluates the file's source each time instead of importing it (Node keeps an imported module
 * for the life of the process).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('config reload in one process', () => {
  for (const [name, before, after] of [
    ['lessoncast.config.mjs', "export default { title: 'Before' };\n", "export default { title: 'After' };\n"],
    ['lessoncast.config.js', "module.exports = { title: 'Before' };\n", "module.exports = { title: 'After' };\n"],
    ['lessoncast.config.ts', "import { defineConfig } from 'lessoncast';\nexport default defineConfig({ title: 'Before' as string });\n", "import { defineConfig } from 'lessoncast';\nexport default defineConfig({ title: 'After' as string });\n"],
  ] as const) {
    it(`${name}: the second load sees the edit`, async () => {
      const root = mkdtempSync(join(tmpdir(), 'lessoncast-config-'));
      dirs.push(root);
      writeFileSync(join(root, name), before);
      expect((await loadConfig(root)).config.title).toBe('Before');
      writeFileSync(join(root, name), after);
      expect((await loadConfig(root)).config.title).toBe('After');
    });
  }
});
