/**
 * The package as a new user gets it: `npm pack`, `npm install -g` of the tarball into a temporary
 * prefix with nothing set (no PUPPETEER_SKIP_DOWNLOAD) and every browser download address closed,
 * `lessoncast init` in a new folder outside the repository, then `lint` and `build` (deck, video,
 * site) there with the installed `lessoncast` on PATH and the system's Chromium. node-pty is an
 * optional peer dependency: not installed, so `record` says how to get it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, REPO, type Installed } from '../../scripts/pack-install.ts';

/** Where a browser download would have gone (puppeteer's cache), kept empty by the install. */
let puppeteerCache: string;
import { probe } from '../video/probe.ts';

let work: string;
let installed: Installed;
let course: string;
const run = (args: string[], cwd = course) => {
  const r = spawnSync('lessoncast', args, {
    cwd, encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', PATH: `${join(installed.prefix, 'bin')}:${process.env.PATH}` },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(() => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'lc-package-')));
  puppeteerCache = join(work, 'puppeteer-cache');
  process.env.PUPPETEER_CACHE_DIR = puppeteerCache;
  try { installed = packAndInstall(work); } finally { delete process.env.PUPPETEER_CACHE_DIR; }
  course = join(work, 'new-course');
}, 400_000);
afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

describe('the npm package', () => {
  it('installs with nothing set and browser downloads blocked: no browser fetched, no install script of ours or of puppeteer, no native module to build', () => {
    expect(existsSync(puppeteerCache)).toBe(false);
    const modules = join(installed.packageDir, 'node_modules');
    expect(existsSync(join(modules, 'puppeteer'))).toBe(false);
    expect(existsSync(join(modules, 'puppeteer-core'))).toBe(true);
    expect(existsSync(join(modules, 'node-pty'))).toBe(false);
    // npm 11 lists the dependencies whose install scripts no allowScripts covers: only msgpackr-extract
    // (bullmq's optional msgpack speed-up), whose script only looks for the prebuilt binary npm installs
    // anyway (@msgpackr-extract/msgpackr-extract-<platform>); msgpackr works without it; and protobufjs
    // (under onnx-proto, which reads Piper models), whose postinstall only makes an empty folder (docs/cli.md).
    const listed = [...installed.npmStderr.matchAll(/^npm warn install-scripts\s+(\S+)@\S+ \(/gm)].map((m) => m[1]);
    expect(listed.filter((p) => p !== 'msgpackr-extract' && p !== 'protobufjs')).toEqual([]);
    expect(installed.npmStderr).not.toMatch(/puppeteer|node-pty|chrome/i);
  });

  it('ships compiled JavaScript, declarations, the JSON Schemas, README and licence; no tests, fixtures or scripts', () => {
    const files = installed.files;
    for (const f of ['dist/bin.js', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/schema/config.schema.json', 'dist/schema/frontmatter.schema.json',
      'dist/stage/client/stage-client.js', 'dist/commands/init-template/lessoncast.config.ts', 'README.md', 'LICENSE', 'package.json'])
      expect(files, f).toContain(f);
    expect(files.filter((f) => !/^(dist\/|README\.md$|LICENSE$|package\.json$)/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.includes('init-template/'))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(installed.packageDir, 'package.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(pkg.bin).toEqual({ lessoncast: 'dist/bin.js' });
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(Object.keys(pkg.dependencies)).not.toContain('typescript');
    expect(pkg.optionalDependencies).toBeUndefined();
    // Native runtimes a user adds when they want them: pseudo-terminals to record, ONNX Runtime for neural voices.
    expect(pkg.peerDependencies).toEqual({ 'node-pty': expect.any(String), 'onnxruntime-node': expect.any(String) });
    expect(pkg.peerDependenciesMeta).toEqual({ 'node-pty': { optional: true }, 'onnxruntime-node': { optional: true } });
    // The design card's packages stay (puppeteer as puppeteer-core: the same API, no browser download at install).
    for (const dep of ['reveal.js', 'puppeteer-core', 'marked', 'fluent-ffmpeg', 'asciinema-player', 'gray-matter']) expect(Object.keys(pkg.dependencies)).toContain(dep);
    const schema = JSON.parse(readFileSync(join(installed.packageDir, 'dist/schema/config.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toContain('voice');
  });

  it('imports as plain Node ESM (no TypeScript tooling)', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(join(installed.packageDir, 'dist/index.js'))}); console.log(Object.keys(m).sort().join(','), JSON.stringify(m.defineConfig({ title: 't' })))`], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('defineConfig,defineEngine {"title":"t"}');
  });

  it('init in a new folder outside the repository, lint, build: deck, video and site', () => {
    expect(relative(REPO, work).startsWith('..')).toBe(true);
    const version = run(['--version'], work);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);

    const init = run(['init', 'new-course'], work);
    expect(init.code, init.stderr).toBe(0);
    expect(existsSync(join(course, '.github/workflows/pages.yml'))).toBe(true);
    expect(existsSync(join(course, '.gitignore'))).toBe(true);

    const lint = run(['lint']);
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
    expect(lint.stdout).toContain('first-lesson: 0 errors, 0 warnings');

    const build = run(['build', '--no-progress']);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).toMatch(/Built deck, video, site for 1 lesson\(s\)/);

    // The config (lessoncast.config.ts importing defineConfig from 'lessoncast') was applied: its title is the site's.
    const index = readFileSync(join(course, 'build/index.html'), 'utf8');
    expect(index).toContain('My course');
    expect(index).toContain('first-lesson/');
    const deck = readFileSync(join(course, 'build/first-lesson/deck/index.html'), 'utf8');
    expect(deck).toContain('Your first lesson');
    expect(readFileSync(join(course, 'build/first-lesson/index.html'), 'utf8')).toContain('first-lesson.mp4');
    const vtt = readFileSync(join(course, 'build/first-lesson/first-lesson.vtt'), 'utf8');
    expect(vtt).toMatch(/^WEBVTT/);
    expect(vtt).toContain('Welcome to your first lesson.');
    const p = probe(join(course, 'build/first-lesson/first-lesson.mp4'));
    expect(p.streams.map((s) => s.codec_name)).toEqual(expect.arrayContaining(['h264', 'aac']));
    const duration = Number(p.format.duration);
    expect(duration).toBeGreaterThan(15);
    expect(duration).toBeLessThan(35);
    expect(p.chapters.map((c) => c.tags?.title)).toEqual(['Your first lesson', expect.stringContaining('hello.yml')]);
  });

  it('without node-pty (not installed), everything but record works, and record says how to get it', () => {
    const r = run(['record', 'first-lesson', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('lessoncast record needs node-pty, a native module that is not available here.');
    expect(r.stderr).toMatch(/fix: .*python3 make g\+\+.*npm install -g node-pty --allow-scripts=node-pty/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a .mjs config imports lessoncast too; a typo in it is a finding with the nearest key', () => {
    rmSync(join(course, 'lessoncast.config.ts'));
    writeFileSync(join(course, 'lessoncast.config.mjs'), "import { defineConfig } from 'lessoncast';\nexport default defineConfig({ title: 'An mjs course', theem: 'teal' });\n");
    const lint = run(['lint']);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain('lessoncast.config.mjs:2:55 error unknown-config-key unknown config key `theem` (did you mean `theme`?)');
    const site = run(['build', '--site']);
    expect(site.code).toBe(1);
    expect(readFileSync(join(course, 'build/index.html'), 'utf8')).toContain('An mjs course');
  });
});
