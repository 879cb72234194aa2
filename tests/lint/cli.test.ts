/** `lessoncast lint` and `lessoncast inspect` as a user runs them (child process, temp course). */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessoncast } from '../helpers/cli.ts';
import { seedCourse } from './seed-course.ts';

let root: string;
beforeAll(() => { root = seedCourse(); });
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('lessoncast lint', () => {
  it('human output: file:line:col severity code message (hint), summary per lesson, exit 0 on warnings only', () => {
    const r = lessoncast(['lint', '--root', root]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('transcripts/pod-to-pod-networking.md:18:143 warning repeated-word "using using": word repeated (delete the second "using")');
    expect(lines).toContain('pod-to-pod-networking: 0 errors, 17 warnings; casts: 0 recorded, 4 synthesized');
    expect(lines).toContain('services-and-dns: 0 errors, 24 warnings; casts: 0 recorded, 6 synthesized');
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });
  it('--json: an array of diagnostics with the documented shape; one slug', () => {
    const r = lessoncast(['lint', 'services-and-dns', '--json', '--root', root]);
    expect(r.code).toBe(0);
    const diags = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(diags.length).toBe(24 + 6);
    for (const d of diags) {
      expect(Object.keys(d).sort()).toEqual(expect.arrayContaining(['code', 'column', 'file', 'line', 'message', 'severity']));
      expect(d.file).toBe('transcripts/services-and-dns.md');
    }
    expect(diags.find((d) => d.code === 'repeated-word' && d.line === 69 && d.column === 138)).toMatchObject({ severity: 'warning', message: '"update update": word repeated' });
  });
  it('exit 1 on an error finding; unknown slug is a clear error without a stack', () => {
    writeFileSync(join(root, 'transcripts/broken.md'), '---\ntitle: [oops\n---\n\n## vscode\n\n```bash\n$ ls\n');
    const r = lessoncast(['lint', 'broken', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('transcripts/broken.md:2:13 error invalid-frontmatter frontmatter is not valid YAML');
    expect(r.stdout).toContain('transcripts/broken.md:7:1 error unclosed-fence');
    rmSync(join(root, 'transcripts/broken.md'));
    const missing = lessoncast(['lint', 'nope', '--root', root]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No lesson "nope"');
    expect(missing.stderr).not.toContain('    at ');
  });
  it('a binary script is a diagnostic, not a crash', () => {
    writeFileSync(join(root, 'transcripts/bin.md'), Buffer.from([1, 2, 0, 255, 10]));
    const r = lessoncast(['lint', 'bin', '--json', '--root', root]);
    rmSync(join(root, 'transcripts/bin.md'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ code: 'binary-file', line: 1, column: 3 })]);
  });
});

describe('lessoncast inspect', () => {
  it('prints the IR as JSON, the same as the golden file', () => {
    const r = lessoncast(['inspect', 'pod-to-pod-networking', '--json', '--root', root]);
    expect(r.code).toBe(0);
    const ir = JSON.parse(r.stdout);
    expect(ir).toMatchObject({ type: 'lesson', slug: 'pod-to-pod-networking', title: 'Pod to pod networking' });
    expect(r.stdout).toBe(JSON.stringify(ir, null, 2) + '\n');
  });
});
