/**
 * The folder backend of the store: `<root>/<kind>/<hash>/` holds an entry's files and `entry.json`
 * (their sizes and SHA-256 digests, the meta, and a digest of all that). A put writes everything into
 * a temporary folder beside the entry (`.put-<host>-<pid>-<n>`) and renames that folder to the
 * entry's name: rename is atomic within one file system (NFS included), and it fails when the entry
 * already exists, so two processes on two machines that put the same key at once both succeed and one
 * copy wins (same key, same content). Readers never see half an entry, and they check what they read:
 * sizes always, every byte once per process and file (again whenever the file's inode, size or
 * times change). An entry that fails (a torn or stale file on a shared folder, a disk that lost
 * bytes, an index missing or unreadable) is moved to `<root>/quarantine/` and is not in the store:
 * it is made again, never used. See docs/store.md.
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, type Stats } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { dataDigest } from './artifact-key.ts';
import { fileSum, sameSum, type FileSum } from './file-sum.ts';
import { ARTIFACT_KINDS, keyId, type ArtifactKind, type Store, type StoreEntry, type StoreKey, type StoreMeta, type StoreNote, type StoreSource } from './store.ts';
import { processTag, sweepDeadNames } from './work-dir.ts';
import { ignoreError, ignoreErrorAs } from '../errors.ts';

/** What `entry.json` holds (format 2; format 1, without digests, was `{ files: string[], meta }`). */
interface EntryRecord { v: 2; files: Record<string, FileSum>; meta: StoreMeta; sum: string }

const ENTRY_FILE = 'entry.json';
/** Where damaged entries are moved (pruned by `lessoncast clean`). */
export const QUARANTINE_DIR = 'quarantine';
const HASH = /^[0-9a-f]{16,64}$/;
let counter = 0;

function checkName(name: string): void {
  if (!name || name === ENTRY_FILE || name.startsWith('.') || /[\\/]/.test(name)) throw new Error(`store: bad file name "${name}"`);
}

/** The digest that seals an index: its key, files and meta (an index edited by hand, or of another entry, fails it). */
function recordSum(key: StoreKey, files: Record<string, FileSum>, meta: StoreMeta): string {
  return dataDigest({ key: keyId(key), files, meta });
}

/** What a file looked like when its bytes were last checked: any write, truncation or replacement changes it. */
function statSignature(st: Stats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

/** How an entry was found: whole (its record), absent, or damaged (why; `legacy`: an older format without digests). */
type Verdict = { state: 'ok'; record: EntryRecord } | { state: 'absent' } | { state: 'damaged'; reason: string; legacy?: boolean };

const errno = (err: unknown) => (err as NodeJS.ErrnoException).code;

/** A store in a folder (default `build/.cache`; any folder, shared or not). */
export class FolderStore implements Store {
  readonly location: string;
  private readonly swept = new Set<string>();
  /** File path → the signature it had when its bytes matched its entry's record (this process). */
  private readonly checked = new Map<string, string>();
  /** Checks under way, by key: two lookups of one key at once read its files once. */
  private readonly checking = new Map<string, Promise<Verdict>>();
  private readonly events = new EventEmitter();

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

  onNote(listener: (note: StoreNote) => void): () => void {
    this.events.on('note', listener);
    return () => { this.events.off('note', listener); };
  }

  /** Reads and checks an entry: its index, then each file's size, then (`full`, or first in this process) its bytes. */
  private async inspect(key: StoreKey, full: boolean): Promise<Verdict> {
    const dir = this.entryDir(key);
    let text: string;
    try {
      text = await readFile(join(dir, ENTRY_FILE), 'utf8');
    } catch (err) {
      if (errno(err) !== 'ENOENT') return { state: 'damaged', reason: `entry.json cannot be read: ${errno(err) ?? (err as Error).message}` };
      // Puts are atomic: a folder without its index is what is left of an entry whose index was lost.
      return existsSync(dir) ? { state: 'damaged', reason: 'entry.json is missing' } : { state: 'absent' };
    }
    let record: EntryRecord;
    try {
      record = JSON.parse(text) as EntryRecord;
    } catch {
      return { state: 'damaged', reason: 'entry.json is not JSON' };
    }
    if (record && Array.isArray((record as { files?: unknown }).files)) return { state: 'damaged', reason: 'entry.json records no digests', legacy: true };
    if (!record || record.v !== 2 || typeof record.files !== 'object' || !record.files || record.sum !== recordSum(key, record.files, record.meta ?? {}))
      return { state: 'damaged', reason: 'entry.json does not match its own digest' };
    const stats: [string, Stats, FileSum][] = [];
    for (const [name, sum] of Object.entries(record.files)) {
      const file = join(dir, name);
      const st = await stat(file).catch(ignoreErrorAs(null, 'a file that cannot be stat-ed is missing: the entry is damaged'));
      if (!st?.isFile()) return { state: 'damaged', reason: `${name} is missing` };
      if (st.size !== sum.size) return { state: 'damaged', reason: `${name} is ${st.size} bytes, ${sum.size} when stored` };
      stats.push([file, st, sum]);
    }
    for (const [file, st, sum] of stats) {
      const signature = statSignature(st);
      if (!full && this.checked.get(file) === signature) continue;
      this.checked.delete(file);
      const now = await fileSum(file).catch(ignoreErrorAs(null, 'a file that cannot be read is damaged'));
      if (!now || !sameSum(now, sum)) return { state: 'damaged', reason: `${relative(dir, file)} ${now ? 'differs from its recorded SHA-256' : 'cannot be read'}` };
      this.checked.set(file, signature);
    }
    return { state: 'ok', record };
  }

  /** The entry's record when it is whole; a damaged entry is set aside (and a note sent) and counts as absent. */
  private async look(key: StoreKey, full = false): Promise<EntryRecord | null | { damaged: string }> {
    const id = keyId(key);
    let pending = this.checking.get(id);
    if (!pending || full) {
      pending = this.inspect(key, full);
      this.checking.set(id, pending);
      void pending.finally(() => { if (this.checking.get(id) === pending) this.checking.delete(id); }).catch(ignoreError('the caller awaiting this check hears its failure'));
    }
    const v = await pending;
    if (v.state === 'ok') return v.record;
    if (v.state === 'absent') return null;
    await this.setAside(key, v.reason, !!v.legacy);
    return { damaged: v.reason };
  }

  /** Moves a damaged entry to the quarantine (an entry of an older format is removed); tells the listeners. */
  private async setAside(key: StoreKey, reason: string, legacy: boolean): Promise<void> {
    const dir = this.entryDir(key);
    for (const f of [...this.checked.keys()]) if (f.startsWith(dir + sep)) this.checked.delete(f);
    if (legacy) {
      await this.delete(key);
      this.events.emit('note', { key, action: 'removed', reason, legacy: true } satisfies StoreNote);
      return;
    }
    const to = join(this.location, QUARANTINE_DIR, `${key.kind}-${key.hash}-${processTag()}-${++counter}`);
    try {
      await mkdir(join(this.location, QUARANTINE_DIR), { recursive: true });
      await rename(dir, to);
    } catch (err) {
      // Another process set it aside first (ENOENT): the entry is out of the way all the same.
      if (errno(err) === 'ENOENT') return;
      await this.delete(key);
      this.events.emit('note', { key, action: 'removed', reason } satisfies StoreNote);
      return;
    }
    this.events.emit('note', { key, action: 'quarantined', reason, movedTo: to } satisfies StoreNote);
  }

  private entryOf(key: StoreKey, record: EntryRecord): StoreEntry {
    const dir = this.entryDir(key);
    const files = Object.fromEntries(Object.keys(record.files).map((name) => [name, join(dir, name)]));
    return { key, files, sums: { ...record.files }, meta: record.meta ?? {} };
  }

  async has(key: StoreKey): Promise<boolean> {
    const r = await this.look(key);
    return !!r && !('damaged' in r);
  }

  async get(key: StoreKey): Promise<StoreEntry | null> {
    const r = await this.look(key);
    return r && !('damaged' in r) ? this.entryOf(key, r) : null;
  }

  async verify(key: StoreKey): Promise<string | null> {
    const r = await this.look(key, true);
    return r && 'damaged' in r ? r.damaged : null;
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
      const sums: Record<string, FileSum> = {};
      for (const [name, src] of Object.entries(files)) {
        const to = join(tmp, name);
        if (typeof src !== 'string') await writeFile(to, src);
        else {
          // A work file on another file system (a local work folder, a shared store) is copied.
          try { await rename(src, to); } catch (err) {
            if (errno(err) !== 'EXDEV') throw err;
            await copyFile(src, to);
            await rm(src, { force: true });
          }
        }
        // The digest of the bytes as they sit in the store, read back: what every reader checks against.
        sums[name] = await fileSum(to);
      }
      // The meta as a reader will parse it (no undefined fields, no NaN): the index's digest is of that.
      const stored = JSON.parse(JSON.stringify(meta)) as StoreMeta;
      const record: EntryRecord = { v: 2, files: sums, meta: stored, sum: recordSum(key, sums, stored) };
      await writeFile(join(tmp, ENTRY_FILE), JSON.stringify(record) + '\n');
      // Twice at most: a damaged entry in the way is set aside, then the rename is tried again.
      for (let attempt = 0; ; attempt++) {
        try {
          await rename(tmp, dir);
          // Just read back and unchanged since: no need to read these bytes again in this process.
          for (const name of names) { const st = await stat(join(dir, name)).catch(ignoreErrorAs(null, 'a file not stat-ed is read again on its first use')); if (st) this.checked.set(join(dir, name), statSignature(st)); }
          return this.entryOf(key, record);
        } catch (err) {
          const code = errno(err);
          if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw err;
          // Another process committed the same key first: its copy is the entry, if it is whole.
          const there = await this.look(key);
          if (there && !('damaged' in there)) return this.entryOf(key, there);
          if (attempt >= 2) throw new Error(`store: ${keyId(key)} could not be put: an entry is in the way at ${dir} (${there ? there.damaged : 'absent now'})`);
        }
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  async list(kind?: ArtifactKind): Promise<{ key: StoreKey; bytes: number }[]> {
    const out: { key: StoreKey; bytes: number }[] = [];
    for (const k of kind ? [kind] : ARTIFACT_KINDS) {
      const dir = join(this.location, k);
      let names: string[];
      try { names = await readdir(dir); } catch { continue; }
      for (const hash of names) {
        // A folder without its index is listed too: `clean --verify` names it, `clean` removes it.
        if (!HASH.test(hash)) continue;
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
