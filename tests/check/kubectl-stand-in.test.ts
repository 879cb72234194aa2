/**
 * `check` and lint's recording comparison on kubectl output. No Kubernetes cluster can run where the
 * tests run: a stand-in `kubectl` on PATH (tests/fixtures/kubectl/kubectl) prints kubectl's real
 * output shapes from fixture files — as the script shows them (`then/`), on another day (`now/`:
 * other ages, IPs, generated names, UIDs, resource versions, node port, column widths) and after a
 * real change (`broken/`: the pod crash-loops).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/kubectl/', import.meta.url));
const then = (name: string) => readFileSync(join(FIXTURES, 'then', name), 'utf8').trimEnd();

const SCRIPT = `# Pods and their service

The pods, wide.

\`\`\`bash
$ kubectl get pods -o wide
${then('get-pods-wide.txt')}
$ kubectl get svc web
${then('get-svc-web.txt')}
$ kubectl get pods -l app=web -o yaml
${then('get-pods-yaml.txt')}
\`\`\`
`;

let root: string;
const saved = { PATH: process.env.PATH, KUBECTL_FIXTURES: process.env.KUBECTL_FIXTURES };
const cluster = (state: 'now' | 'broken') => {
  process.env.PATH = `${FIXTURES}:${saved.PATH}`;
  process.env.KUBECTL_FIXTURES = join(FIXTURES, state);
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lc-kubectl-'));
  mkdirSync(join(root, 'transcripts'));
  writeFileSync(join(root, 'transcripts', 'pods.md'), SCRIPT);
});
afterEach(() => {
  process.env.PATH = saved.PATH;
  if (saved.KUBECTL_FIXTURES === undefined) delete process.env.KUBECTL_FIXTURES;
  else process.env.KUBECTL_FIXTURES = saved.KUBECTL_FIXTURES;
});
afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

describe('kubectl output from another day (stand-in kubectl: no cluster here)', () => {
  it('check passes when only ages, IPs, generated names, UIDs, resource versions, ports and widths changed', async () => {
    cluster('now');
    const r = await runCli(['check', 'pods', '--root', root]);
    expect(r.stdout).toContain('pods: 0 errors, 0 warnings; 3 commands checked: 3 as written');
    expect(r.code).toBe(0);
  }, 30_000);

  it('check fails on a real change, with the table rows as printed in its diff', async () => {
    cluster('broken');
    const r = await runCli(['check', 'pods', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('transcripts/pods.md:6:1 error output-drift `kubectl get pods -o wide` printed `web-<hash>-<id> 0/1 CrashLoopBackOff 4 (<age> ago) <age> <ip> kind-control-plane <none> <none>` where the script shows `web-<hash>-<id> 1/1 Running 0 <age> <ip> kind-control-plane <none> <none>`');
    expect(r.stdout).toContain('    +web-5c6d8b9f7-q9zkd   0/1     CrashLoopBackOff   4 (21s ago)   4m51s   10.244.0.19   kind-control-plane   <none>           <none>');
    expect(r.stdout).toContain('    -      ready: true');
    expect(r.stdout).toContain('    +      ready: false');
    expect(r.stdout).toContain('pods: 2 errors, 0 warnings; 3 commands checked: 1 as written, 2 differ');
  }, 30_000);

  it('lint compares recordings with the script the same way, running nothing', async () => {
    cluster('now');
    expect((await runCli(['record', 'pods', '--yes', '--root', root])).code).toBe(0);
    const ok = JSON.parse((await runCli(['lint', 'pods', '--json', '--root', root])).stdout) as { code: string; severity: string }[];
    expect(ok.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(ok.filter((d) => d.code === 'cast-recorded')).toHaveLength(3);
    cluster('broken');
    expect((await runCli(['record', 'pods', '--yes', '--only', '1', '--root', root])).code).toBe(0);
    delete process.env.KUBECTL_FIXTURES; // lint runs nothing: no cluster needed
    const lint = JSON.parse((await runCli(['lint', 'pods', '--json', '--root', root])).stdout) as { code: string; line: number; message: string; detail?: string }[];
    const found = lint.filter((d) => d.code === 'recording-differs-from-script');
    expect(found.map((d) => d.line)).toEqual([6]);
    expect(found[0].message).toContain('(recordings/pods/01-kubectl-get-pods-o-wide.cast)');
    expect(found[0].detail).toContain('+web-5c6d8b9f7-q9zkd   0/1     CrashLoopBackOff');
  }, 60_000);
});
