/**
 * Builds the package's dist/: tsc compiles src/ (tsconfig.build.json: .ts import paths rewritten
 * to .js, declarations), then every file of src/ that is not TypeScript (stage and dev clients, site
 * assets, the init template, its lessoncast.config.ts included) is copied beside the JavaScript that reads it, and the JSON Schemas of
 * the config and the frontmatter are written to dist/schema/. Run by `npm run build` and `npm pack`.
 * A dist/ built from the same bytes (sources, tsconfigs, package.json, this script: hashed, not
 * timed) is kept as it is: setup.sh builds it, and `npm pack` in the tests then costs no second tsc.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonSchemas } from '../src/schema/lessoncast-schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

const inputs: string[] = [];
const list = (dir: string) => { for (const name of readdirSync(dir).sort()) { const p = join(dir, name); if (statSync(p).isDirectory()) list(p); else inputs.push(p); } };
list(src);
inputs.push(...['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'].map((f) => join(root, f)), fileURLToPath(import.meta.url));
const hash = createHash('sha256');
for (const f of inputs) hash.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
const key = hash.digest('hex');
const keyFile = join(root, 'node_modules', '.cache', 'lessoncast-dist.key');
if (existsSync(join(dist, 'bin.js')) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) {
  console.error('dist/: up to date with src/ (same content), kept');
  process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
rmSync(keyFile, { force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// Output to stderr: `npm pack --json` runs this first and its stdout must stay JSON.
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: ['ignore', 2, 2] });

let copied = 0;
const walk = (dir: string) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { walk(p); continue; }
    // The init template's config is a course's file, copied as it is.
    if (name.endsWith('.ts') && !relative(src, p).startsWith(join('commands', 'init-template'))) continue;
    const dest = join(dist, relative(src, p));
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(p, dest);
    copied++;
  }
};
walk(src);

mkdirSync(join(dist, 'schema'), { recursive: true });
for (const [name, schema] of Object.entries(jsonSchemas()))
  writeFileSync(join(dist, 'schema', `${name}.schema.json`), JSON.stringify(schema, null, 2) + '\n');
mkdirSync(dirname(keyFile), { recursive: true });
writeFileSync(keyFile, key);
console.error(`dist/: compiled src/, copied ${copied} asset file(s), wrote schema/config.schema.json and schema/frontmatter.schema.json`);
