/**
 * Author frictions of issue 22, through the real CLI: `-q` prints only problems (`lint -q` no infos
 * nor summaries, `clean -q` nothing when all is well); the deck's PDF (printed by real Chromium) is
 * kept by a build without `--pdf`, printed on every build with config `pdf: true`, and linked from
 * the lesson page.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessoncast, repoRoot } from '../helpers/cli.ts';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lessoncast-quiet-'));
  mkdirSync(join(root, 'transcripts'));
  mkdirSync(join(root, 'recordings', 'pods'), { recursive: true });
  writeFileSync(join(root, 'transcripts', 'pods.md'), '# Pods\n\n## terminal\n\nWe list the pods.\n\n```bash\n$ kubectl get pods\n```\n');
  copyFileSync(join(repoRoot, 'tests/fixtures/casts/asciinema/command-only-get-pods.cast'), join(root, 'recordings', 'pods', '01-get-pods.cast'));
});
afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

describe('-q prints only problems', () => {
  it('lint: infos and summaries without -q; with -q, nothing for a lesson without problems', () => {
    const loud = lessoncast(['lint', '--root', root]);
    expect(loud.code).toBe(0);
    expect(loud.stdout).toMatch(/info recording-kind/);
    expect(loud.stdout).toMatch(/pods: 0 errors, 0 warnings; casts: 1 recorded, 0 synthesized/);
    const quiet = lessoncast(['lint', '-q', '--root', root]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout + quiet.stderr).toBe('');
  });

  it('lint: with -q, each problem on its line and nothing else; the exit code is the same', () => {
    writeFileSync(join(root, 'transcripts', 'typo.md'), '# Typo\n\nWe gaurantee it.\n\n```bash\ncode indx.html\n```\n');
    try {
      const quiet = lessoncast(['-q', 'lint', '--root', root]);
      expect(quiet.code).toBe(1);
      const lines = quiet.stdout.trimEnd().split('\n');
      expect(lines.every((l) => / (error|warning) /.test(l))).toBe(true);
      expect(lines.some((l) => l.includes('missing-file'))).toBe(true);
      expect(lines.some((l) => l.includes('spelling'))).toBe(true);
    } finally {
      rmSync(join(root, 'transcripts', 'typo.md'));
    }
  });

  it('clean: a ✓ line without -q, nothing with it', () => {
    const loud = lessoncast(['clean', '--root', root]);
    expect(loud.code).toBe(0);
    expect(loud.stderr).toMatch(/✓ .*removed 0 entries/);
    const quiet = lessoncast(['clean', '-q', '--root', root]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout + quiet.stderr).toBe('');
    expect(lessoncast(['clean', '--all', '-q', '--root', root]).stderr).toBe('');
  });
});

describe('the deck\'s PDF', () => {
  it('is kept by a build without --pdf, and the lesson page links it', () => {
    const pdf = join(root, 'build', 'pods', 'deck', 'pods.pdf');
    const printed = lessoncast(['build', 'pods', '--deck', '--pdf', '--root', root], { timeoutMs: 180_000 });
    expect(printed.code, printed.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const size = statSync(pdf).size;
    const again = lessoncast(['build', 'pods', '--deck', '--root', root], { timeoutMs: 180_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/deck\/pods\.pdf \(kept from an earlier --pdf build\)/);
    expect(statSync(pdf).size).toBe(size);
    expect(existsSync(join(root, 'build', 'pods', 'deck', 'index.html'))).toBe(true);
    const site = lessoncast(['build', 'pods', '--site', '--root', root], { timeoutMs: 180_000 });
    expect(site.code, site.stderr).toBe(0);
    expect(readFileSync(join(root, 'build', 'pods', 'index.html'), 'utf8')).toMatch(/<a href="deck\/pods\.pdf" download class="resource"><span class="resource-kind">PDF<\/span>/);
  }, 400_000);

  it('is printed on every build of the deck with config pdf: true', () => {
    const copy = `${root}-pdf-config`;
    cpSync(root, copy, { recursive: true, filter: (src) => !src.startsWith(join(root, 'build')) });
    try {
      writeFileSync(join(copy, 'lessoncast.config.mjs'), 'export default { pdf: true };\n');
      const r = lessoncast(['build', 'pods', '--deck', '--root', copy], { timeoutMs: 180_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/kept from an earlier/);
      expect(readFileSync(join(copy, 'build', 'pods', 'deck', 'pods.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 200_000);
});
