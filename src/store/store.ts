/**
 * The content-addressed store: every cached artifact of a build (speech chunks, voice-over
 * conversions, word alignments, highlighted code, shot segments, narration tracks, final outputs) lives behind this
 * one interface, addressed by a key that hashes everything it depends on (docs/store.md). The
 * folder backend (folder-store.ts) is the default; a shared folder (NFS, a Kubernetes volume) works
 * as is, and another backend (S3-compatible) can come behind the same interface.
 */

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
  meta: StoreMeta;
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
  has(key: StoreKey): Promise<boolean>;
  /** The entry as local files, or null when it is not there. */
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
}

/** `kind/hash`, for messages, maps and sets. */
export function keyId(key: StoreKey): string {
  return `${key.kind}/${key.hash}`;
}
