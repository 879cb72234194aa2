/**
 * The one connection factory of the render queue (docs/scale.md): an ioredis client from a
 * `redis://HOST:PORT[/DB]` URL, as BullMQ's guide has it (workers need `maxRetriesPerRequest: null`
 * so their blocking calls wait through a reconnect). The first connect is short and an unreachable
 * Redis is an environment error that names the URL and how to start one.
 */
import { Redis } from 'ioredis';
import { LessoncastError } from '../errors.ts';
import { parseQueueUrl, type QueueUrl } from './queue-url.ts';

export { parseQueueUrl, type QueueUrl };

/** The BullMQ queue every lessoncast coordinator and worker uses (one Redis database can hold other queues). */
export const QUEUE_NAME = 'lessoncast';

/** How long the first connect may take before Redis counts as unreachable (ms). */
export const CONNECT_TIMEOUT_MS = 3000;

/** The error for a Redis that does not answer at `url`. */
export function unreachable(url: string, cause?: unknown): LessoncastError {
  const { port } = parseQueueUrl(url);
  const why = cause instanceof Error && cause.message ? ` (${cause.message.split('\n')[0]})` : '';
  return new LessoncastError('QUEUE_UNREACHABLE', `No Redis answers at ${url}${why}.`,
    `Start one on that machine: redis-server --port ${port} (Debian/Ubuntu: apt-get install redis-server), or pass --queue with the right URL.`, { cause });
}

/** What the client is for: a worker's (blocking calls wait through reconnects) or a coordinator's. */
export type ConnectionRole = 'worker' | 'coordinator';

/**
 * A connected ioredis client for `url`. Rejects with QUEUE_UNREACHABLE when Redis does not answer
 * within CONNECT_TIMEOUT_MS. Once connected it reconnects by itself (backing off up to 2 s); the
 * coordinator watches the link itself (queue-watchdog in coordinator.ts) and gives up with an error.
 */
export async function connectRedis(url: string, role: ConnectionRole, opts: { failFast?: boolean } = {}): Promise<Redis> {
  const q = parseQueueUrl(url);
  const client = new Redis({
    host: q.host, port: q.port, db: q.db, ...(q.tls ? { tls: {} } : {}),
    username: decodeURIComponent(new URL(url).username) || undefined,
    password: decodeURIComponent(new URL(url).password) || undefined,
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // BullMQ: a worker's connection never gives up on a command (its blocking calls wait through a
    // reconnect); a fail-fast client (the coordinator's watchdog) fails at once while Redis is away.
    maxRetriesPerRequest: opts.failFast ? 0 : null,
    enableOfflineQueue: !opts.failFast,
    retryStrategy: (times) => Math.min(200 * times, 2000),
    connectionName: `lessoncast-${role}`,
  });
  // Errors are reported by whoever uses the client (connect below, the watchdog); an unhandled
  // 'error' event would otherwise print ioredis' own warning on every reconnect attempt.
  let lastError: Error | null = null;
  client.on('error', (err: Error) => { lastError = err; });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS); }),
    ]);
  } catch (err) {
    client.disconnect();
    // "Connection is closed" hides the cause the socket gave (ECONNREFUSED, ENOTFOUND).
    throw unreachable(url, lastError ?? err);
  } finally {
    clearTimeout(timer);
  }
  return client;
}
