/**
 * One truth for config: the schema (src/schema/lessoncast-schema.ts) holds every limit, so `lint`
 * and `build` give the same findings for the same bad config, at the key's line, and what lint
 * passes, build takes. Table-driven: each row is one config; the rows cover the limits that
 * `build` alone used to check (size, aspect, clock, loudness, pauses).
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { initCourse } from './course-fixture.ts';
import { runCli } from './run-cli.ts';

const ROWS: { name: string; config: string; codes: string[] }[] = [
  { name: 'an odd width', config: 'video: { width: 1279, height: 720 }', codes: ['invalid-config'] },
  { name: 'a width too small', config: 'video: { width: 80, height: 44 }', codes: ['invalid-config', 'invalid-config'] },
  { name: 'a size that is none of the stage shapes', config: 'video: { width: 1000, height: 800 }', codes: ['invalid-config'] },
  { name: 'a clock of 0 ticks', config: 'video: { tickRate: 0 }', codes: ['invalid-config'] },
  { name: 'a frame rate of 1000', config: 'video: { fps: 1000 }', codes: ['invalid-config'] },
  { name: 'a loudness out of range', config: 'audio: { loudness: -50, truePeak: 3 }', codes: ['invalid-config', 'invalid-config'] },
  { name: 'a negative pause', config: 'pauses: { paragraph: -1 }', codes: ['invalid-config'] },
  { name: 'no jobs', config: 'jobs: 0', codes: ['invalid-config'] },
  { name: 'a misspelt key', config: 'vidoe: { width: 1280 }', codes: ['unknown-config-key'] },
];

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** `lessoncast.config.ts` with `body` inside defineConfig, the key on line 4. */
const configFile = (body: string) => `import { defineConfig } from 'lessoncast';\n\nexport default defineConfig({\n  ${body},\n});\n`;

/** The config findings of `lint --json`, as `file:line:col code message`. */
async function lintFindings(root: string): Promise<string[]> {
  const r = await runCli(['lint', '--json'], { cwd: root });
  const all = JSON.parse(r.stdout) as { file: string; line: number; column: number; code: string; message: string }[];
  return all.filter((d) => d.file === 'lessoncast.config.ts').map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).sort();
}

/** The config findings `build` printed (`error file:line:col code message (hint)`), in the same form. */
async function buildFindings(root: string): Promise<{ code: number; findings: string[] }> {
  const r = await runCli(['build', '--deck', '--strict'], { cwd: root });
  const findings = r.stderr.split('\n').map((l) => /^error (lessoncast\.config\.ts:\d+:\d+) (\S+) (.*?)(?: \(.*\))?$/.exec(l)).filter((m) => m !== null)
    .map((m) => `${m[1]} ${m[2]} ${m[3]}`).sort();
  return { code: r.code, findings };
}

describe('config limits: lint and build agree', () => {
  for (const row of ROWS) {
    it(`${row.name}: the same findings at the key's line, exit 1 from both`, async () => {
      const root = initCourse({ 'lessoncast.config.ts': configFile(row.config) });
      roots.push(root);
      const lint = await lintFindings(root);
      expect(lint.map((f) => f.split(' ')[1])).toEqual(row.codes);
      expect(lint.every((f) => f.startsWith('lessoncast.config.ts:4:'))).toBe(true);
      const build = await buildFindings(root);
      expect(build.code).toBe(1);
      expect(build.findings).toEqual(lint);
    });
  }

  it('what lint passes at the edges of the limits, build takes', async () => {
    const root = initCourse({ 'lessoncast.config.ts': configFile("video: { width: 1280, height: 720, tickRate: 120 }, audio: { loudness: -40, truePeak: 0 }, pauses: { paragraph: 0 }, jobs: 1") });
    roots.push(root);
    expect(await lintFindings(root)).toEqual([]);
    const build = await buildFindings(root);
    expect(build).toEqual({ code: 0, findings: [] });
  });
});
