/**
 * The size and SHA-256 of a file, as a store entry records them for each of its files when it is put
 * and checks them before the file is used (docs/store.md, "Verified before use").
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** What an entry records of one of its files. */
export interface FileSum {
  size: number;
  /** SHA-256 of the bytes, 64 hex characters. */
  sha256: string;
}

/** The size and SHA-256 of the file at `path` (read as a stream: segments and videos may be large). */
export async function fileSum(path: string): Promise<FileSum> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(createReadStream(path), async function* (chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) { size += chunk.length; hash.update(chunk); }
  });
  return { size, sha256: hash.digest('hex') };
}

/** True when two sums are of the same bytes. */
export function sameSum(a: FileSum, b: FileSum): boolean {
  return a.size === b.size && a.sha256 === b.sha256;
}
