/**
 * The content-addressed store: every cached artifact of a build (speech chunks, voice-over
 * conversions, word alignments, highlighted code, shot segments, narration tracks, final outputs) lives behind this
 * one interface, addressed by a key that hashes everything it depends on (docs/store.md). The
 * folder backend (folder-store.ts) is the default; a shared folder (NFS, a Kubernetes volume) works
 * as is, and another backend (S3-compatible) can come behind the same interface. Every entry records
 * the size and digest of its files and is checked before use: a damaged entry is never used.
 */
import type { FileSum } from './file-sum.ts';

/** The kinds of artifact, one folder each in the folder backend. */
export const ARTIFACT_KINDS = ['speech', 'voice-over', 'align', 'highlight', 'shot', 'narration', 'output'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

/** An artifact's address: its kind and the hash of its inputs (artifactKey in artifact-key.ts). */
export interface StoreKey { kind: ArtifactKind; hash: string }

/** Plain JSON kept with an entry (durations, loudness, frame counts): what a reader needs without opening the files. */
export type StoreMeta = Record<string, unknown>;

/** An entry that is in the store, as local files. */
export interface StoreEntry {
  key: StoreKey;
  /** Absolute local path of each named file of the entry. */
  files: Record<string, string>;
  /** The size and SHA-256 of each named file, recorded when it was put (what a copy must match). */
  sums: Record<string, FileSum>;
  meta: StoreMeta;
}

/**
 * What the store did about an entry it found damaged (a file truncated, changed or missing, an
 * index unreadable): the entry was set aside (`quarantined`, under `movedTo`) or, made by an older
 * lessoncast without digests, `removed`. Either way it is not in the store any more and is made again.
 */
export interface StoreNote {
  key: StoreKey;
  action: 'quarantined' | 'removed';
  /** What was wrong, e.g. `segment.mp4 is 100000 bytes, 2313402 when stored`. */
  reason: string;
  movedTo?: string;
  /** Made by an older lessoncast (an index without digests): nothing was wrong with it but its age. */
  legacy?: boolean;
}

/**
 * What `put` stores under a name: a path (the file is moved into the store: the caller hands it
 * over) or bytes.
 */
export type StoreSource = string | Uint8Array;

/** The store. Every method is safe when several processes, on several machines, use one store at once. */
export interface Store {
  /** Where the store keeps its data (for messages). */
  readonly location: string;
  /** True when the entry is there and whole (a damaged one is set aside and is not there). */
  has(key: StoreKey): Promise<boolean>;
  /** The entry as local files, checked against its recorded sizes and digests, or null when it is not there (or was damaged). */
  get(key: StoreKey): Promise<StoreEntry | null>;
  /**
   * Puts an entry whole or not at all. When the key is already there (another process put the same
   * content first), the existing entry wins and is returned; the sources are discarded.
   */
  put(key: StoreKey, files: Record<string, StoreSource>, meta?: StoreMeta): Promise<StoreEntry>;
  /** Keys of every entry (of one kind, or all), with their size in bytes. */
  list(kind?: ArtifactKind): Promise<{ key: StoreKey; bytes: number }[]>;
  delete(key: StoreKey): Promise<void>;
  /** The key of a file that is inside an entry of this store, or null (a path found in a timeline, say). */
  keyOf(file: string): StoreKey | null;
  /**
   * Checks an entry against what was recorded when it was put, reading every byte (what `has` and
   * `get` do once per process and file): null when it is whole or absent, else what was wrong (the
   * entry is then set aside, like any damaged entry).
   */
  verify(key: StoreKey): Promise<string | null>;
  /** Hears of every damaged entry the store sets aside; returns the function that stops listening. */
  onNote(listener: (note: StoreNote) => void): () => void;
}

/** Notes as lines: one per damaged entry, and one for all the entries of an older format (a cache from before digests). */
export function storeNoteLines(notes: StoreNote[]): string[] {
  const legacy = notes.filter((n) => n.legacy).length;
  return [...new Set(notes.filter((n) => !n.legacy).map(storeNoteLine)),
    ...(legacy ? [`${legacy} store entr${legacy === 1 ? 'y' : 'ies'} of an older lessoncast (no digests) made again`] : [])];
}

/** A note as one line: `store entry shot/35a1c5da19d9: segment.mp4 is 100000 bytes, 2313402 when stored — set aside, made again`. */
export function storeNoteLine(note: StoreNote): string {
  const done = note.action === 'quarantined' ? 'set aside in quarantine/, made again' : 'removed, made again';
  return `store entry ${note.key.kind}/${note.key.hash.slice(0, 12)}: ${note.reason} — ${done}`;
}

/** `kind/hash`, for messages, maps and sets. */
export function keyId(key: StoreKey): string {
  return `${key.kind}/${key.hash}`;
}
