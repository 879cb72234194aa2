/** The course `init` writes: its workflow checks the lessons on a schedule and by hand, and `check` passes on its sample lesson. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'lc-init-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Workflow = { on: Record<string, unknown>; jobs: Record<string, { if?: string; permissions?: Record<string, string>; steps: { uses?: string; run?: string; name?: string }[] }> };

describe("init's workflow runs lessoncast check", () => {
  it('a check job on a schedule and by hand, with a kind cluster, in the form helm/kind-action documents; build and deploy stay on push', async () => {
    expect((await runCli(['init', dir, '-q'])).code).toBe(0);
    const wf = parseYaml(readFileSync(join(dir, '.github/workflows/pages.yml'), 'utf8')) as Workflow;
    expect(Object.keys(wf.on)).toEqual(['push', 'schedule', 'workflow_dispatch']);
    expect(wf.on.schedule).toEqual([{ cron: '0 6 * * 1' }]);
    expect(wf.jobs.build.if).toBe("github.event_name != 'schedule'");
    const check = wf.jobs.check;
    expect(check.if).toBe("github.event_name != 'push'");
    expect(check.permissions).toEqual({ contents: 'read' });
    expect(check.steps.map((s) => s.uses?.replace(/@.*/, '') ?? s.run)).toEqual(['actions/checkout', 'actions/setup-node', 'helm/kind-action', 'npm install -g lessoncast node-pty --allow-scripts=node-pty', 'lessoncast check']);
    expect(check.steps.find((s) => s.uses?.startsWith('helm/kind-action'))).toEqual({ name: 'Create k8s Kind Cluster', uses: 'helm/kind-action@v1' });
  });

  it('check passes on the sample lesson (real commands in a real terminal)', async () => {
    const r = await runCli(['check', '--root', dir]);
    expect(r.stdout).toContain('first-lesson: 0 errors, 0 warnings; 2 commands checked: 2 as written');
    expect(r.code).toBe(0);
  }, 30_000);
});
