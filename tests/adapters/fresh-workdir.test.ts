import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshWorkdir } from '../../src/adapters/fresh-workdir.ts';
import { openCourse } from '../../src/course.ts';

const root = mkdtempSync(join(tmpdir(), 'lc-fresh-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('freshWorkdir: a copy of the lesson\'s workdir for one run', () => {
  it('of the course root: without lessoncast\'s own folders, the repository and packages; of a subfolder: whole; removed after', async () => {
    for (const d of ['transcripts', 'configs', 'build/.cache', 'recordings/x', '.git', 'node_modules/p', 'work/node_modules', 'work/.git']) mkdirSync(join(root, d), { recursive: true });
    for (const f of ['transcripts/a.md', 'configs/pod.yml', 'build/index.html', 'recordings/x/01-ls.cast', '.git/HEAD', 'node_modules/p/index.js', 'work/notes.txt', 'work/.git/HEAD']) writeFileSync(join(root, f), 'x');
    symlinkSync(join(root, 'work'), join(root, 'linked'));
    const course = await openCourse({ root });

    const top = freshWorkdir(course, '.');
    expect(readdirSync(top.dir).sort()).toEqual(['configs', 'linked', 'transcripts', 'work']);
    expect(lstatSync(join(top.dir, 'linked')).isSymbolicLink()).toBe(true); // links inside are kept as links
    expect(top.original).toBe(root);
    top.remove();
    expect(existsSync(top.root)).toBe(false);

    const sub = freshWorkdir(course, 'work');
    expect(readdirSync(sub.dir).sort()).toEqual(['.git', 'node_modules', 'notes.txt']); // a sample repository of the lesson's is the lesson's
    sub.remove();

    const viaLink = freshWorkdir(course, 'linked');
    expect(lstatSync(viaLink.dir).isDirectory()).toBe(true); // a copy, not a link back to the course
    expect(readdirSync(viaLink.dir)).toContain('notes.txt');
    viaLink.remove();
    expect(() => freshWorkdir(course, 'missing')).toThrow(/workdir missing does not exist/);
  });
});
