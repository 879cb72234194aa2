/** Writes a file under a temporary name beside it, then renames: readers never see half a file. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

let counter = 0;

/** A temporary name in the same folder (rename is atomic only within one file system). */
export function tempNameFor(file: string): string {
  return `${file}.tmp-${process.pid}-${++counter}`;
}

/** Writes `content` to `file` atomically, creating folders as needed. */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = tempNameFor(file);
  try {
    await writeFile(tmp, content);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Synchronous `writeFileAtomic`: nothing can interrupt it between the write and the rename. */
export function writeFileAtomicSync(file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tempNameFor(file);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
