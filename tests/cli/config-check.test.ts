/** Config and frontmatter are checked by one schema: unknown keys and bad values are findings at their line, with a did-you-mean. */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/config.ts';
import { builtinEngines } from '../../src/narrate/engines/index.ts';
import { DEFAULT_PAUSES } from '../../src/schedule/pauses.ts';
import { BUILTIN_ENGINE_NAMES, frontmatterSchema, jsonSchemas, PACE_VALUES } from '../../src/schema/lessoncast-schema.ts';
import { locateConfigKeys } from '../../src/schema/locate-config-keys.ts';
import { didYouMean } from '../../src/schema/validate-schema.ts';
import { THEME_NAMES } from '../../src/stage/stage-model.ts';
import { runCli } from './run-cli.ts';
import { initCourse } from './course-fixture.ts';

const TYPO_CONFIG = `import { defineConfig } from 'lessoncast';

export default defineConfig({
  titel: 'My course',
  voice: { engine: 'espeek' },
  theme: 'greeen',
  pauses: { paragraf: 1 },
  jobs: 0,
});
`;

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
const course = (edit: Parameters<typeof initCourse>[0]) => { const r = initCourse(edit); roots.push(r); return r; };

describe('config typos', () => {
  const root = course({ 'lessoncast.config.ts': TYPO_CONFIG });

  it('lint: each at file:line:col with the nearest key or value; exit 1', async () => {
    const r = await runCli(['lint'], { cwd: root });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('lessoncast.config.ts:4:3 error unknown-config-key unknown config key `titel` (did you mean `title`?)');
    expect(lines).toContain('lessoncast.config.ts:5:12 error invalid-config config `voice.engine`: no speech engine "espeek" (did you mean "espeak-ng"?)');
    expect(lines).toContain('lessoncast.config.ts:6:3 error invalid-config config `theme`: theme "greeen" is neither a theme name nor a #hex colour (did you mean "green"?)');
    expect(lines).toContain('lessoncast.config.ts:7:13 error unknown-config-key unknown config key `pauses.paragraf` (did you mean `paragraph`?)');
    expect(lines).toContain('lessoncast.config.ts:8:3 error invalid-config config `jobs` must be more than 0, not 0');
    expect(lines).toContain('lessoncast.config.ts: 5 errors, 0 warnings');
  });

  it('lint --json includes the config findings', async () => {
    const r = await runCli(['lint', '--json'], { cwd: root });
    expect(r.code).toBe(1);
    const diags = JSON.parse(r.stdout) as { file: string; code: string }[];
    expect(diags.filter((d) => d.file === 'lessoncast.config.ts').map((d) => d.code)).toEqual(['unknown-config-key', 'invalid-config', 'invalid-config', 'unknown-config-key', 'invalid-config']);
  });

  it('doctor reports the config and exits 1', async () => {
    const r = await runCli(['doctor', '--json'], { cwd: root });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { checks: { name: string; ok: boolean; fix?: string }[] };
    const check = report.checks.find((c) => c.name === 'course config')!;
    expect(check.ok).toBe(false);
    expect(check.fix).toContain('lessoncast.config.ts:4:3 unknown config key `titel` (did you mean `title`?)');
  });

  it('build prints them and exits 1, the valid rest of the config still applies', async () => {
    const r = await runCli(['build', '--site'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('lessoncast.config.ts:6:3 invalid-config');
    expect(r.stderr).toMatch(/5 error\(s\) in the config/);
    expect(readFileSync(join(root, 'build/index.html'), 'utf8')).toContain('Your first lesson');
  });

  it('a .json config (with the published $schema) is checked the same way', async () => {
    const json = course({ 'lessoncast.config.json': '{\n  "$schema": "./node_modules/lessoncast/dist/schema/config.schema.json",\n  "title": "JSON course",\n  "voice": { "engine": "flit" }\n}\n' });
    rmSync(join(json, 'lessoncast.config.ts'));
    const r = await runCli(['lint'], { cwd: json });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('lessoncast.config.json:4:14 error invalid-config config `voice.engine`: no speech engine "flit" (did you mean "flite"?)');
  });

  it('a .mjs config is located the same way', async () => {
    const mjs = course({ 'lessoncast.config.mjs': "export default {\n  video: { widht: 1280 },\n};\n" });
    rmSync(join(mjs, 'lessoncast.config.ts'));
    const r = await runCli(['lint'], { cwd: mjs });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('lessoncast.config.mjs:2:12 error unknown-config-key unknown config key `video.widht` (did you mean `width`?)');
  });
});

describe('frontmatter typos', () => {
  it('unknown keys and bad values at their line and column, with the nearest key or value', async () => {
    const root = course({
      'transcripts/first-lesson.md': (t) => t.replace('title: Your first lesson', 'titel: Your first lesson\npace: overlapp').replace('  rows: 20', '  rows: 0\n  promt: "> "'),
    });
    const r = await runCli(['lint'], { cwd: root });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('transcripts/first-lesson.md:2:1 error unknown-frontmatter-key unknown frontmatter key `titel` (did you mean `title`?)');
    expect(lines).toContain('transcripts/first-lesson.md:3:1 error invalid-frontmatter frontmatter `pace` must be one of "natural", "sequential", "overlap", not "overlapp" (did you mean "overlap"?)');
    expect(lines).toContain('transcripts/first-lesson.md:6:3 error invalid-frontmatter frontmatter `terminal.rows` must be at least 1, not 0');
    expect(lines).toContain('transcripts/first-lesson.md:7:3 error unknown-frontmatter-key unknown frontmatter key `terminal.promt` (did you mean `prompt`?)');
  });
});

describe('the schema', () => {
  it('names the engines, themes, pauses and paces the code has', async () => {
    expect([...BUILTIN_ENGINE_NAMES]).toEqual(builtinEngines().map((e) => e.name));
    const config = jsonSchemas().config as { properties: Record<string, { properties?: Record<string, unknown>; enum?: string[]; description?: string }> };
    expect(Object.keys(config.properties.pauses.properties!)).toEqual(Object.keys(DEFAULT_PAUSES));
    expect(config.properties.pace.enum).toEqual([...PACE_VALUES]);
    expect(config.properties.theme.description).toContain(THEME_NAMES.join(', '));
    expect(Object.keys(config.properties)).toEqual(['$schema', 'title', 'voice', 'engines', 'lexicon', 'theme', 'browser', 'pauses', 'idleTimeLimit', 'words', 'video', 'audio', 'jobs', 'queue', 'cache', 'pace', 'typing', 'lint', 'redact', 'check', 'pdf', 'camera']);
    const fm = jsonSchemas().frontmatter as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(fm.properties)).toEqual(Object.keys(frontmatterSchema.shape));
    expect(fm.additionalProperties).toBe(false);
  });

  it('accepts a config with its own engine (functions) and keeps it', async () => {
    const engine = { name: 'mine', defaultVoice: 'v', check: async () => ({ ok: true }), synthesize: async () => ({ duration: 1, sampleRate: 22050 }) };
    const { config, diagnostics } = await checkConfig({ voice: { engine: 'mine' }, engines: { mine: engine }, theme: '#ff8800', audio: { loudness: -16, truePeak: -1 }, queue: 'redis://127.0.0.1:6379' }, null);
    expect(diagnostics).toEqual([]);
    expect(config.engines!.mine).toBe(engine);
    const bad = await checkConfig({ engines: { mine: { name: 'x' } } }, null);
    expect(bad.diagnostics.map((d) => d.message)).toEqual(['config `engines.mine` must be a speech engine made with defineEngine({ name, defaultVoice, check, synthesize }), not a mapping']);
  });

  it('locates keys in TypeScript through comments, strings, nesting and functions', async () => {
    const src = `// titel: not this\nimport { defineConfig } from 'lessoncast';\nconst x = { title: 'not the config' };\nexport default defineConfig({\n  /* voice: no */ title: "a: b",\n  voice: {\n    rate: 1.1, 'pitch': 2,\n  },\n  engines: { mine: { synthesize: async (req) => { const o = { title: 1 }; return o; } } },\n});\n`;
    const places = locateConfigKeys(src);
    expect(places.get('voice')).toEqual({ line: 6, column: 3 });
    expect(places.get('voice.rate')).toEqual({ line: 7, column: 5 });
    expect(places.get('voice.pitch')).toEqual({ line: 7, column: 16 });
    expect(places.get('engines.mine.synthesize')).toEqual({ line: 9, column: 22 });
    // The first `title:` of a top-level object: here the stray `const x` (a config is one object; good enough for a line).
    expect(places.get('title')?.line).toBe(3);
  });

  it('did-you-mean only for near misses', async () => {
    expect(didYouMean('titel', ['title', 'voice'])).toBe('title');
    expect(didYouMean('Greeen', ['blue', 'green'])).toBe('green');
    expect(didYouMean('colour', ['title', 'voice'])).toBeUndefined();
  });
});
