/**
 * The queue's URL, `redis://[user:pass@]HOST[:PORT][/DB]` (or `rediss://`), taken apart and checked
 * without loading a Redis client: the command line checks `--queue` with it while parsing flags
 * (a bad URL is a usage error, exit 2: docs/cli.md).
 */
import { LessoncastError } from '../errors.ts';

/** A queue URL taken apart (checked: scheme, host, port, database). */
export interface QueueUrl { url: string; host: string; port: number; db: number; tls: boolean }

function badUrl(url: string, why: string): LessoncastError {
  return new LessoncastError('QUEUE_URL_INVALID', `--queue ${url}: ${why}.`, 'Pass a Redis URL such as redis://127.0.0.1:6379 (or redis://HOST:PORT/DB).');
}

/** Parses `redis://[user:pass@]HOST[:PORT][/DB]` (or `rediss://` for TLS). */
export function parseQueueUrl(url: string): QueueUrl {
  let u: URL;
  try { u = new URL(url); } catch { throw badUrl(url, 'not a URL'); }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw badUrl(url, `the scheme must be redis:// (got ${u.protocol}//)`);
  if (!u.hostname) throw badUrl(url, 'no host');
  const port = u.port ? Number(u.port) : 6379;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw badUrl(url, 'the port must be from 1 to 65535');
  const path = u.pathname.replace(/^\//, '');
  if (path && !/^\d+$/.test(path)) throw badUrl(url, `the database must be a number (got /${path})`);
  return { url, host: u.hostname.replace(/^\[|\]$/g, ''), port, db: path ? Number(path) : 0, tls: u.protocol === 'rediss:' };
}
