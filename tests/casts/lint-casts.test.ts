import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessoncast, repoRoot } from '../helpers/cli.ts';

/** The seed lesson with recordings: one by header command, one of a filled-in placeholder, one stale, one damaged. */
function seedCourseWithRecordings(): string {
  const root = mkdtempSync(join(tmpdir(), 'lc-lint-casts-'));
  mkdirSync(join(root, 'transcripts'));
  copyFileSync(join(repoRoot, 'transcripts', 'pod-to-pod-networking.md'), join(root, 'transcripts', 'pod-to-pod-networking.md'));
  const dir = join(root, 'recordings', 'pod-to-pod-networking');
  mkdirSync(dir, { recursive: true });
  const header = (command?: string) => JSON.stringify({ version: 2, width: 80, height: 24, ...(command ? { command } : {}) });
  writeFileSync(join(dir, 'apply.cast'), `${header('kubectl  apply -f configs/pod-httpd.yml -f configs/pod-centos.yml')}\n[0.5, "o", "pod/pod-httpd created\\r\\n"]\n`);
  writeFileSync(join(dir, '04-kubectl-exec.cast'), `${header('kubectl exec pod-centos -- curl http://10.244.0.7')}\n[0.5, "i", "\\r"]\n[0.9, "o", "<h1>It works!</h1>\\r\\n"]\n`);
  writeFileSync(join(dir, 'stale.cast'), `${header('kubectl delete pod pod-httpd')}\n[0.5, "o", "deleted\\r\\n"]\n`);
  writeFileSync(join(dir, 'broken.cast'), `${header()}\n[0.5, "o", "a"]\n[0.2, "o", "b"]\n`);
  return root;
}

describe('lint reports which casts are recorded and which synthesized (through matchCasts)', () => {
  it('on the seed with recordings: recorded/synthesized per command, the stale and the damaged recording', () => {
    const root = seedCourseWithRecordings();
    const text = lessoncast(['lint', '--root', root]);
    expect(text.stdout + text.stderr).toContain('casts: 2 recorded, 2 synthesized');
    expect(text.stdout + text.stderr).toContain('recordings/pod-to-pod-networking/broken.cast:3:1 error invalid-recording recording cannot be read: time goes backwards: 0.2 comes after 0.5 (line 2)');
    expect(text.code).toBe(1);

    const r = lessoncast(['lint', '--json', '--root', root]);
    const diags = JSON.parse(r.stdout) as { code: string; file: string; line: number; message: string }[];
    const of = (code: string) => diags.filter((d) => d.code === code);
    expect(of('cast-recorded').map((d) => d.message)).toEqual([
      'cmd-2 `kubectl apply -f configs/pod-httpd.yml -f configs/pod-centos.yml` plays recordings/pod-to-pod-networking/apply.cast',
      'cmd-4 `kubectl exec ... -- curl http://xxxxxx` plays recordings/pod-to-pod-networking/04-kubectl-exec.cast',
    ]);
    expect(of('cast-synthesized').map((d) => d.message.split(' ')[0])).toEqual(['cmd-1', 'cmd-3']);
    expect(of('unmatched-recording').map((d) => d.file)).toEqual(['recordings/pod-to-pod-networking/stale.cast']);
    expect(of('invalid-recording').map((d) => `${d.file}:${d.line}`)).toEqual(['recordings/pod-to-pod-networking/broken.cast:3']);
  });

  it('on the sample course itself: every command has a cast, all synthesized', () => {
    const r = lessoncast(['lint']);
    expect(r.stdout + r.stderr).toContain('pod-to-pod-networking: ');
    expect(r.stdout + r.stderr).toMatch(/pod-to-pod-networking: .*casts: 0 recorded, 4 synthesized/);
    expect(r.stdout + r.stderr).toMatch(/services-and-dns: .*casts: 0 recorded, 6 synthesized/);
  });
});
