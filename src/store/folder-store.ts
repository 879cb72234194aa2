/**
 * The folder backend of the store: `<root>/<kind>/<hash>/` holds an entry's files and `entry.json`.
 * A put writes everything into a temporary folder beside the entry (`.put-<host>-<pid>-<n>`) and
 * renames that folder to the entry's name: rename is atomic within one file system (NFS included),
 * and it fails when the entry already exists, so two processes on two machines that put the same
 * key at once both succeed and one copy wins (same key, same content). Readers never see half an
 * entry. See docs/store.md.
 */
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ARTIFACT_KINDS, type ArtifactKind, type Store, type StoreEntry, type StoreKey, type StoreMeta, type StoreSource } from './store.ts';
import { processTag, sweepDeadNames } from './work-dir.ts';
import { ignoreErrorAs } from '../errors.ts';

/** What `entry.json` holds. */
interface EntryRecord { files: string[]; meta: StoreMeta }

const ENTRY_FILE = 'entry.json';
const HASH = /^[0-9a-f]{16,64}$/;
let counter = 0;

function checkName(name: string): void {
  if (!name || name === ENTRY_FILE || name.startsWith('.') || /[\\/]/.test(name)) throw new Error(`store: bad file name "${name}"`);
}

/** A store in a folder (default `build/.cache`; any folder, shared or not). */
export class FolderStore implements Store {
  readonly location: string;
  private readonly swept = new Set<string>();

  constructor(root: string) {
    this.location = resolve(root);
  }

  private kindDir(kind: ArtifactKind): string {
    const dir = join(this.location, kind);
    // Once per process and kind: temporary folders of puts whose process is gone.
    if (!this.swept.has(kind)) {
      this.swept.add(kind);
      mkdirSync(dir, { recursive: true });
      sweepDeadNames(dir, '.put-');
      sweepDeadNames(dir, '.del-');
    }
    return dir;
  }

  /** The folder of an entry (whether or not it is there). */
  entryDir(key: StoreKey): string {
    if (!ARTIFACT_KINDS.includes(key.kind) || !HASH.test(key.hash)) throw new Error(`store: bad key ${key.kind}/${key.hash}`);
    return join(this.kindDir(key.kind), key.hash);
  }

  async has(key: StoreKey): Promise<boolean> {
    return existsSync(join(this.entryDir(key), ENTRY_FILE));
  }

  async get(key: StoreKey): Promise<StoreEntry | null> {
    const dir = this.entryDir(key);
    let record: EntryRecord;
    try {
      record = JSON.parse(await readFile(join(dir, ENTRY_FILE), 'utf8')) as EntryRecord;
    } catch {
      // No index, or an unreadable one: not in the store (a put in progress, or damage rebuilt by the caller).
      return null;
    }
    const files = Object.fromEntries(record.files.map((name) => [name, join(dir, name)]));
    return { key, files, meta: record.meta ?? {} };
  }

  async put(key: StoreKey, files: Record<string, StoreSource>, meta: StoreMeta = {}): Promise<StoreEntry> {
    const dir = this.entryDir(key);
    const names = Object.keys(files);
    names.forEach(checkName);
    const discard = async () => { for (const src of Object.values(files)) if (typeof src === 'string') await rm(src, { force: true }); };
    const existing = await this.get(key);
    if (existing) { await discard(); return existing; }
    const tmp = join(this.kindDir(key.kind), `.put-${processTag()}-${++counter}`);
    await mkdir(tmp, { recursive: true });
    try {
      for (const [name, src] of Object.entries(files)) {
        const to = join(tmp, name);
        if (typeof src !== 'string') await writeFile(to, src);
        else {
          // A work file on another file system (a local work folder, a shared store) is copied.
          try { await rename(src, to); } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
            await copyFile(src, to);
            await rm(src, { force: true });
          }
        }
      }
      await writeFile(join(tmp, ENTRY_FILE), JSON.stringify({ files: names, meta } satisfies EntryRecord) + '\n');
      try {
        await rename(tmp, dir);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // Another process committed the same key first: its copy is the entry.
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw err;
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    const entry = await this.get(key);
    if (!entry) throw new Error(`store: ${key.kind}/${key.hash} vanished right after it was put`);
    return entry;
  }

  async list(kind?: ArtifactKind): Promise<{ key: StoreKey; bytes: number }[]> {
    const out: { key: StoreKey; bytes: number }[] = [];
    for (const k of kind ? [kind] : ARTIFACT_KINDS) {
      const dir = join(this.location, k);
      let names: string[];
      try { names = await readdir(dir); } catch { continue; }
      for (const hash of names) {
        if (!HASH.test(hash) || !existsSync(join(dir, hash, ENTRY_FILE))) continue;
        let bytes = 0;
        for (const f of await readdir(join(dir, hash)).catch(ignoreErrorAs([] as string[], 'an entry removed while listed has no size'))) bytes += (await stat(join(dir, hash, f)).catch(ignoreErrorAs(null, 'a file removed while listed has no size')))?.size ?? 0;
        out.push({ key: { kind: k, hash }, bytes });
      }
    }
    return out;
  }

  async delete(key: StoreKey): Promise<void> {
    const dir = this.entryDir(key);
    if (!existsSync(dir)) return;
    // Out of sight first (one rename), then removed: no reader finds a half-deleted entry.
    const trash = join(this.kindDir(key.kind), `.del-${processTag()}-${++counter}`);
    try { await rename(dir, trash); } catch { return; }
    await rm(trash, { recursive: true, force: true });
  }

  keyOf(file: string): StoreKey | null {
    if (!isAbsolute(file)) return null;
    const rel = relative(this.location, file);
    const [kind, hash, name] = rel.split(sep);
    if (!name || rel.startsWith('..') || !ARTIFACT_KINDS.includes(kind as ArtifactKind) || !HASH.test(hash)) return null;
    return { kind: kind as ArtifactKind, hash };
  }
}

const stores = new Map<string, FolderStore>();

/** The store of a course: a folder store at its cache folder (`course.cacheDir`), one object per folder and process. */
export function storeAt(dir: string): FolderStore {
  const root = resolve(dir);
  let s = stores.get(root);
  if (!s) { s = new FolderStore(root); stores.set(root, s); }
  return s;
}
