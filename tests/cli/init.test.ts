/** `lessoncast init [dir]`: a course that lints clean, every part of the dialect in its sample, never an overwrite. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { openCourse } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { lessonCommands, lessonNarration } from '../../src/types.ts';
import { runCli } from './run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'lc-init-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FILES = ['.github/workflows/pages.yml', '.gitignore', 'README.md', 'configs/hello.yml', 'course-words.txt', 'lessoncast.config.ts', 'lexicon.yml', 'slides/first-lesson.md', 'transcripts/first-lesson.md'];

describe('lessoncast init', () => {
  const dir = join(work, 'my-course');

  it('writes the course, which lints clean', async () => {
    const r = await runCli(['init', dir]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of FILES) expect(r.stdout).toContain(`  ${f}\n`);
    const lint = await runCli(['lint'], { cwd: dir });
    expect(lint.code).toBe(0);
    expect(lint.stdout).toContain('first-lesson: 0 errors, 0 warnings; casts: 0 recorded, 2 synthesized');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^build\/$/m);
  });

  it('its sample lesson shows every part of the dialect', async () => {
    const course = await openCourse({ root: dir });
    expect(course.configDiagnostics).toEqual([]);
    expect(course.config).toMatchObject({ title: 'My course', voice: { rate: 1 }, theme: 'blue', lexicon: 'lexicon.yml' });
    const lesson = await readLesson(course, 'first-lesson');
    expect(lesson.scenes.map((s) => s.kind)).toEqual(['slide', 'desktop']);
    expect(lessonCommands(lesson).map((c) => [c.command, c.explicit, c.output])).toEqual([['ls configs', true, ['hello.yml']], ['grep greeting configs/hello.yml', true, ['greeting: Hello from lessoncast']]]);
    const steps = lesson.scenes[1].items.flatMap((i) => (i.type === 'terminal' ? i.steps : []));
    expect(steps.filter((s) => s.type === 'direction').map((s) => s.type === 'direction' && s.action)).toEqual(['open-file', 'focus-terminal']);
    expect(lesson.scenes[1].items.some((i) => i.type === 'popup')).toBe(true);
    expect(lessonNarration(lesson).length).toBeGreaterThanOrEqual(3);
  });

  it('writes a GitHub Pages workflow in the form GitHub documents', async () => {
    const wf = parseYaml(readFileSync(join(dir, '.github/workflows/pages.yml'), 'utf8')) as { permissions: Record<string, string>; jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, string> }[]; needs?: string; environment?: { name: string } }> };
    expect(wf.permissions).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write' });
    const build = wf.jobs.build.steps;
    const uses = build.map((s) => s.uses?.replace(/@.*/, '')).filter(Boolean);
    expect(uses).toEqual(['actions/checkout', 'actions/setup-node', 'actions/configure-pages', 'actions/upload-pages-artifact']);
    expect(build.map((s) => s.run ?? '').join('\n')).toMatch(/apt-get install[^\n]* ffmpeg festival[\s\S]*npm install -g lessoncast[\s\S]*lessoncast build/);
    expect(build.find((s) => s.uses?.startsWith('actions/upload-pages-artifact'))!.with).toEqual({ path: 'build' });
    expect(wf.jobs.deploy.needs).toBe('build');
    expect(wf.jobs.deploy.environment!.name).toBe('github-pages');
    expect(wf.jobs.deploy.steps[0].uses).toMatch(/^actions\/deploy-pages@/);
  });

  it('refuses to overwrite: exit 1, names the files, changes nothing', async () => {
    writeFileSync(join(dir, 'transcripts/first-lesson.md'), 'my own words\n');
    const r = await runCli(['init', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('already has README.md, configs/hello.yml');
    expect(r.stderr).toContain('lessoncast init does not overwrite files');
    expect(readFileSync(join(dir, 'transcripts/first-lesson.md'), 'utf8')).toBe('my own words\n');
  });

  it('init with no folder writes into the current one; `new` is the same command', async () => {
    const here = join(work, 'here');
    const r = await runCli(['init'], { cwd: work });
    expect(r.code).toBe(0);
    const n = await runCli(['new', here]);
    expect(n.code).toBe(0);
    expect(readFileSync(join(here, 'lexicon.yml'), 'utf8')).toContain('lessoncast:');
  });
});
