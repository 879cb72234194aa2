/**
 * `lessoncast clean [--all] [--verify]`: prunes the store to what the course's current lessons use
 * (their speech, voice-over conversions, highlighted code, shots, narration tracks and outputs, with
 * the video settings of the config), removes the work folders of builds that are gone, the entries
 * set aside as damaged (`quarantine/`) and files of older cache layouts; `--verify` first reads every
 * entry against its recorded digests and drops the damaged ones; `--all` empties the cache.
 * docs/store.md.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import pc from 'picocolors';
import type { CourseOptions } from './command-options.ts';
import { openCourse } from '../course.ts';
import { readLesson } from '../parse/read-lesson.ts';
import { lessonKeys } from '../render/video/lesson-keys.ts';
import { QUARANTINE_DIR } from '../store/folder-store.ts';
import { ARTIFACT_KINDS, keyId, type Store, type StoreKey } from '../store/store.ts';
import { storeFor } from '../store/store-for.ts';
import { pidOfWorkName, processAlive, sweepDeadWork } from '../store/work-dir.ts';

export interface CleanOptions extends CourseOptions { all?: boolean; verify?: boolean; cache?: string; progress?: boolean }

/** Folders of older cache layouts (before the store): nothing reads them any more. */
const LEGACY_DIRS = ['video', 'stage', 'audio'];
/** Entries of an entry folder's kind folder that are the store's own. */
const ENTRY = /^[0-9a-f]{16,64}$/;

function sizeOf(path: string): number {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, f) => n + sizeOf(join(path, f)), 0);
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Removes what older layouts left in the cache folder: legacy folders, and loose files in the kind folders. */
function removeLegacy(root: string): number {
  let bytes = 0;
  const rm = (p: string) => { bytes += sizeOf(p); rmSync(p, { recursive: true, force: true }); };
  for (const d of LEGACY_DIRS) if (existsSync(join(root, d))) rm(join(root, d));
  for (const kind of ARTIFACT_KINDS) {
    const dir = join(root, kind);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      // Temporary folders of live puts are someone's work in progress; dead ones the store sweeps.
      if (name.startsWith('.put-') || name.startsWith('.del-')) continue;
      if (!ENTRY.test(name) || !statSync(p).isDirectory() || !existsSync(join(p, 'entry.json'))) rm(p);
    }
  }
  return bytes;
}

/** Prunes the store to the keys in `keep`; returns what was removed and kept. */
export async function pruneStore(store: Store, keep: Set<string>): Promise<{ removed: number; removedBytes: number; kept: number; keptBytes: number }> {
  const r = { removed: 0, removedBytes: 0, kept: 0, keptBytes: 0 };
  for (const { key, bytes } of await store.list()) {
    if (keep.has(keyId(key))) { r.kept++; r.keptBytes += bytes; continue; }
    await store.delete(key);
    r.removed++; r.removedBytes += bytes;
  }
  return r;
}

/** Reads every entry of the store against its recorded sizes and digests; the damaged ones are set aside (and listed). */
export async function verifyStore(store: Store, opts: { progress?: boolean } = {}): Promise<{ checked: number; bytes: number; dropped: { key: StoreKey; reason: string }[] }> {
  const entries = await store.list();
  const total = entries.reduce((n, e) => n + e.bytes, 0);
  const r = { checked: 0, bytes: 0, dropped: [] as { key: StoreKey; reason: string }[] };
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = opts.progress && process.stderr.isTTY
    ? new SingleBar({ stream: process.stderr, format: 'verify [{bar}] {value}/{total} MB | {eta_formatted} left', hideCursor: true }, Presets.shades_classic) : null;
  bar?.start(Math.ceil(total / 1e6), 0);
  try {
    for (const { key, bytes } of entries) {
      const reason = await store.verify(key);
      if (reason) r.dropped.push({ key, reason });
      r.checked++;
      r.bytes += bytes;
      bar?.update(Math.ceil(r.bytes / 1e6));
    }
  } finally {
    bar?.stop();
  }
  return r;
}

/** Removes the entries set aside as damaged; returns their bytes. */
function emptyQuarantine(root: string): number {
  const dir = join(root, QUARANTINE_DIR);
  const bytes = sizeOf(dir);
  rmSync(dir, { recursive: true, force: true });
  return bytes;
}

/** Empties the cache folder, except the work folders of builds still running on this host. */
function emptyCache(root: string): { bytes: number; busy: string[] } {
  let bytes = 0;
  const busy: string[] = [];
  if (!existsSync(root)) return { bytes, busy };
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    if (name === 'work') {
      for (const w of readdirSync(p)) {
        const pid = pidOfWorkName(w);
        if (pid !== null && processAlive(pid)) { busy.push(w); continue; }
        bytes += sizeOf(join(p, w));
        rmSync(join(p, w), { recursive: true, force: true });
      }
      continue;
    }
    bytes += sizeOf(p);
    rmSync(p, { recursive: true, force: true });
  }
  if (busy.length === 0) rmSync(root, { recursive: true, force: true });
  return { bytes, busy };
}

/** Runs `clean`. */
export async function run(opts: CleanOptions): Promise<number> {
  const course = await openCourse({ root: opts.root, out: opts.out, cache: opts.cache });
  const rel = relative(process.cwd(), course.cacheDir);
  const where = rel && !rel.startsWith('..') ? rel : course.cacheDir;
  if (opts.all) {
    const { bytes, busy } = emptyCache(course.cacheDir);
    // What was published from the cache is kept with the outputs: forget it too, so the next build copies again.
    rmSync(join(course.outDir, '.cache', 'published'), { recursive: true, force: true });
    if (!opts.quiet) process.stderr.write(`${pc.green('✓')} emptied ${where} (${mb(bytes)} removed)${busy.length ? pc.dim(`; kept the work folders of builds still running: ${busy.join(', ')}`) : ''}\n`);
    return 0;
  }
  const store = storeFor(course);
  if (opts.verify) {
    const v = await verifyStore(store, { progress: !opts.quiet && opts.progress !== false });
    for (const d of v.dropped) process.stderr.write(`${pc.yellow('dropped')} ${keyId(d.key)}: ${d.reason}\n`);
    process.stderr.write(`${v.dropped.length ? pc.yellow('!') : pc.green('✓')} verified ${v.checked} entr${v.checked === 1 ? 'y' : 'ies'} (${mb(v.bytes)}): ` +
      `${v.dropped.length ? `${v.dropped.length} damaged, dropped (they are made again when next needed)` : 'all whole'}\n`);
  }
  const keep = new Set<string>();
  // Notes on lessons whose entries cannot be kept: `problem` ones are printed with -q too.
  const notes: { text: string; problem: boolean }[] = [];
  for (const slug of course.slugs) {
    try {
      const { keys, planned } = await lessonKeys(course, await readLesson(course, slug));
      for (const k of keys) keep.add(k);
      if (!planned) notes.push({ text: `${slug}: its speech is not all synthesized yet, so no video entry of it is current (build it to make them)`, problem: false });
    } catch (err) {
      // A lesson that cannot be planned (a damaged recording, an unknown engine) has no current entries.
      notes.push({ text: `${slug}: cannot be planned (${(err as Error).message.split('\n')[0]}); nothing of it is kept`, problem: true });
    }
  }
  const dead = sweepDeadWork(course.cacheDir).length;
  const legacy = removeLegacy(course.cacheDir);
  const quarantined = emptyQuarantine(course.cacheDir);
  const r = await pruneStore(store, keep);
  for (const n of notes) if (n.problem || !opts.quiet) process.stderr.write(opts.quiet ? `${n.text}\n` : pc.dim(`  ${n.text}\n`));
  if (!opts.quiet) process.stderr.write(`${pc.green('✓')} ${where}: removed ${r.removed} entr${r.removed === 1 ? 'y' : 'ies'} (${mb(r.removedBytes + legacy + quarantined)}${legacy ? `, ${mb(legacy)} of an older cache layout` : ''}` +
    `${quarantined ? `, ${mb(quarantined)} of damaged entries set aside` : ''}` +
    `${dead ? `, ${dead} work folder(s) of builds that are gone` : ''}); kept ${r.kept} used by the ${course.slugs.length} lesson(s) (${mb(r.keptBytes)})\n`);
  return 0;
}
