/** The stage's code digest follows the imports (docs/store.md, "Keys"): a module borrowed from anywhere counts, type-only imports and unrelated modules do not. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { codeDigest, moduleClosure } from '../../src/store/code-digest.ts';

const dir = mkdtempSync(join(tmpdir(), 'lc-code-digest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (f: string, text: string) => { mkdirSync(join(dir, f, '..'), { recursive: true }); writeFileSync(join(dir, f), text); };

describe('code digest', () => {
  write('stage/entry.ts', "import { a } from './a.ts';\nimport type { T } from '../types.ts';\nexport const x = async () => import('../lazy.ts');\n");
  write('stage/a.ts', "export { b } from '../b.ts';\nimport '../side.ts';\n");
  write('b.ts', 'export const b = 1;\n');
  write('side.ts', '/* side effects */\n');
  write('lazy.ts', 'export const lazy = 1;\n');
  write('types.ts', 'export type T = number;\n');
  write('unrelated.ts', 'export const u = 1;\n');
  const entry = join(dir, 'stage/entry.ts');

  it('holds every module imported at run time (re-exports, side effects, dynamic), not type-only ones', () => {
    expect(moduleClosure([entry]).map((f) => f.slice(dir.length + 1))).toEqual(['b.ts', 'lazy.ts', 'side.ts', 'stage/a.ts', 'stage/entry.ts']);
  });

  it('changes when a module it imports changes, wherever it lives; not when another module does', () => {
    const before = codeDigest(dir, [entry]);
    write('unrelated.ts', 'export const u = 2;\n');
    write('types.ts', 'export type T = string;\n');
    expect(codeDigest(dir, [entry])).toBe(before);
    write('b.ts', 'export const b = 2;\n');
    expect(codeDigest(dir, [entry])).not.toBe(before);
  });

  it("the stage's own closure holds src/limits.ts, which the stage imports from outside src/stage", () => {
    const src = fileURLToPath(new URL('../../src/', import.meta.url));
    const closure = moduleClosure([join(src, 'stage/write-stage.ts')]).map((f) => f.slice(src.length));
    expect(closure).toContain('limits.ts');
    expect(closure).toContain('stage/terminal-stream.ts');
  });
});
