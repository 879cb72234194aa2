/** Maps a request path to a file inside one folder, refusing anything that could leave it. Pure. */
import { resolve, sep } from 'node:path';

/** A file path inside the root, or an HTTP status saying why there is none. */
export type ResolvedPath = { ok: true; file: string } | { ok: false; status: 400 | 403 };

/** Resolves the path part of a request URL against `root`: `..` segments (also %-encoded or with backslashes), NUL bytes and escapes are refused. */
export function resolveRequestPath(root: string, rawUrl: string): ResolvedPath {
  const pathname = rawUrl.split(/[?#]/, 1)[0];
  if (!pathname.startsWith('/')) return { ok: false, status: 400 };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400 };
  // Refuse rather than normalise: a `..` in a request is never a link this site made.
  if (decoded.split(/[\\/]/).some((segment) => segment === '..')) return { ok: false, status: 403 };
  const base = resolve(root);
  const file = resolve(base, '.' + decoded);
  if (file !== base && !file.startsWith(base + sep)) return { ok: false, status: 403 };
  return { ok: true, file };
}

/** True when `file` is `root` or inside it (both absolute, already resolved). */
export function isInside(root: string, file: string): boolean {
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}
