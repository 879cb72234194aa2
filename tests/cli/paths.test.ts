/** Every path a user gives is checked first: a file where a folder must be, no write access, /proc — an error with the path and a fix, at once. */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWritableFolder, pseudoFilesystem } from '../../src/adapters/check-folder.ts';
import { lessoncast } from '../helpers/cli.ts';
import { runCli } from './run-cli.ts';
import { initCourse } from './course-fixture.ts';

const root = initCourse();
const aFile = join(root, 'a-file');
writeFileSync(aFile, 'not a folder\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at |internal error/);

describe('bad paths: environment errors at once, with the path and a fix', () => {
  const cases: [string, string[], RegExp][] = [
    ['--out under a regular file', ['build', '--deck', '--out', join(aFile, 'x')], /The output folder \(--out\) .*a-file\/x cannot be created: .*a-file is a file, not a folder\./],
    ['--out that is a file', ['build', '--deck', '--out', aFile], /The output folder \(--out\) .*a-file is a file, not a folder\./],
    ['--out on /proc (used to spin forever)', ['build', '--deck', '--out', '/proc/x'], /The output folder \(--out\) \/proc\/x is on \/proc, a system pseudo-filesystem/],
    ['--out on /sys', ['build', '--deck', '--out', '/sys/x'], /\/sys\/x is on \/sys/],
    ['--out on /dev', ['timeline', 'first-lesson', '--out', '/dev/lessoncast'], /\/dev\/lessoncast is on \/dev/],
    ['--root that is a file', ['lint', '--root', aFile], /The course root \(--root\) .*a-file is a file, not a folder\./],
    ['--root that does not exist', ['lint', '--root', join(root, 'nope')], /The course root \(--root\) .*nope does not exist\./],
  ];
  for (const [name, args, message] of cases)
    it(name, async () => {
      const r = await runCli(args, { cwd: root });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/\nfix: /);
      noStack(r.stderr);
    });

  it('the executable itself answers at once for /proc (it used to spin in mkdir forever)', () => {
    const r = lessoncast(['build', '--deck', '--out', '/proc/lessoncast'], { cwd: root, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('/proc/lessoncast is on /proc, a system pseudo-filesystem');
    noStack(r.stderr);
  });

  it('config `cache` under a file', async () => {
    const course = initCourse({ 'lessoncast.config.ts': "export default { cache: 'a-file/cache' };\n", 'a-file': 'x' });
    const r = await runCli(['build', '--deck'], { cwd: course });
    rmSync(course, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The cache folder \(config `cache`\) .*a-file\/cache cannot be created: .*a-file is a file, not a folder\./);
    noStack(r.stderr);
  });

  it('config `lexicon` that is a folder', async () => {
    const course = initCourse({ 'lessoncast.config.ts': "export default { lexicon: 'configs' };\n" });
    const r = await runCli(['lint'], { cwd: course });
    rmSync(course, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The lexicon \(config `lexicon`\) .*configs is a folder, not a file\./);
  });

  it('init into a place under a file', async () => {
    const r = await runCli(['init', join(aFile, 'course')], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The course folder .*a-file\/course cannot be created: .*a-file is a file, not a folder\./);
  });

  it('an unwritable --out (run as an unprivileged user when the tests run as root)', async () => {
    const locked = join(root, 'locked');
    mkdirSync(locked, { recursive: true });
    chmodSync(locked, 0o555);
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    // The unprivileged user must be able to read the course (mkdtemp makes it 0700).
    chmodSync(root, 0o755);
    const r = lessoncast(['lint', '--root', root], { ...asUser }); // sanity: that user can run lessoncast at all
    expect(r.code, r.stderr).toBe(0);
    const w = lessoncast(['build', '--deck', '--out', join(locked, 'build'), '--root', root], { ...asUser });
    expect(w.code).toBe(1);
    expect(w.stderr).toMatch(/The output folder \(--out\) .*locked\/build cannot be created: .*locked is not writable by this user\./);
    noStack(w.stderr);
  });

  it('a port out of range is a usage error, not an internal one', async () => {
    for (const cmd of [['dev', '--port', '70000'], ['present', 'first-lesson', '-p', '0']]) {
      const r = await runCli(cmd, { cwd: root });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('must be a port number from 1 to 65535');
    }
  });

  it('pseudoFilesystem knows /proc by its statfs type, not only by its path', () => {
    expect(pseudoFilesystem('/proc/self')).toBe('/proc');
    expect(pseudoFilesystem(root)).toBeNull();
    expect(() => checkWritableFolder(join(root, 'new', 'deep'), 'output folder', 'fix')).not.toThrow();
  });
});
