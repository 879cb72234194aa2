/**
 * The one key function of the store: an artifact's key is the SHA-256 of its kind, the render
 * version and its inputs (as listed in artifact-inputs.ts), serialized as canonical JSON (RFC 8785,
 * so key order and number formatting never change a key). Inputs hash content, never paths or
 * modification times: files enter as `contentDigest` of their bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import type { ArtifactKind, StoreKey } from './store.ts';

/**
 * Bumped whenever the way any artifact is made changes (audio format, loudness, capture, encoding,
 * muxing): every key changes with it, so no artifact made the old way is reused.
 */
export const RENDER_VERSION = 3;

/** The key of an artifact of `kind` made from `inputs` (plain JSON data). */
export function artifactKey(kind: ArtifactKind, inputs: unknown): StoreKey {
  const text = canonicalize({ v: RENDER_VERSION, kind, inputs });
  if (text === undefined) throw new Error(`artifactKey: inputs of ${kind} are not JSON`);
  return { kind, hash: createHash('sha256').update(text).digest('hex').slice(0, 32) };
}

/** SHA-256 of bytes (hex, 32 chars): how a file's content enters a key. */
export function contentDigest(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/** The digest of plain JSON data (canonical: key order does not matter). */
export function dataDigest(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('dataDigest: not JSON');
  return contentDigest(text);
}

/** The digest of a file's bytes, or `missing` when there is no such file. */
export function fileDigest(file: string): string {
  try {
    return contentDigest(readFileSync(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    if (code === 'EISDIR') return 'directory';
    throw err;
  }
}
