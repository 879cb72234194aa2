/**
 * Downloads one file to a path, hashing it as it arrives: a response cut short (fewer bytes than
 * its Content-Length, or a dropped connection), a wrong size or a wrong sha256 is an error and the
 * partial file is deleted. The caller renames the file into place only after its own checks.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { LessoncastError } from '../../errors.ts';

/** Progress of one download: bytes so far and the total when the server said it. */
export type DownloadProgress = (received: number, total: number | null) => void;

export interface DownloadOptions {
  sha256?: string;
  size?: number;
  onProgress?: DownloadProgress;
  signal?: AbortSignal;
  /** No byte for this long: the download is abandoned (default 60 s). */
  idleTimeoutMs?: number;
}

/** Fetches `url` into `dest` and returns its sha256 and size. */
export async function downloadFile(url: string, dest: string, opts: DownloadOptions = {}): Promise<{ sha256: string; size: number }> {
  const idle = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, idle.signal]) : idle.signal;
  let timer = setTimeout(() => idle.abort(), opts.idleTimeoutMs ?? 60_000);
  const poke = () => { clearTimeout(timer); timer = setTimeout(() => idle.abort(), opts.idleTimeoutMs ?? 60_000); };
  const fail = (what: string, fix = 'Check the network (or the URL) and run the command again.') =>
    new LessoncastError('VOICE_DOWNLOAD_FAILED', `Downloading ${url} failed: ${what}.`, fix);
  const hash = createHash('sha256');
  let received = 0;
  // Opened only once the server answers, and never left opening after a failure: a stream still
  // opening when the caller removes its folder would throw later, out of anyone's reach.
  let out: WriteStream | null = null;
  try {
    let res: Response | undefined;
    // Twice more when no answer starts (a kept-alive connection the server had just closed).
    for (let attempt = 0; !res; attempt++) {
      try {
        res = await fetch(url, { signal, redirect: 'follow' });
      } catch (err) {
        const cause = (err as { cause?: Error }).cause?.message;
        if (attempt >= 2 || idle.signal.aborted || opts.signal?.aborted) throw fail(idle.signal.aborted ? 'no answer' : `${(err as Error).message}${cause ? ` (${cause})` : ''}`);
        await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
      }
    }
    if (!res.ok || !res.body) throw fail(`HTTP ${res.status} ${res.statusText}`, res.status === 404 ? 'Check the voice name (`lessoncast voices list`) or the URL.' : undefined);
    const header = Number(res.headers.get('content-length'));
    const total = Number.isFinite(header) && header > 0 ? header : opts.size ?? null;
    const file = createWriteStream(dest);
    out = file;
    let writeError: Error | null = null;
    file.on('error', (e) => { writeError ??= e; });
    const cannotWrite = (e: Error) => fail(`cannot write ${dest} (${e.message})`, 'Check that the folder exists and the disk has room.');
    try {
      await once(file, 'open');
    } catch (err) {
      throw cannotWrite(err as Error);
    }
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        poke();
        hash.update(chunk);
        received += chunk.length;
        if (!file.write(chunk)) await once(file, 'drain');
        opts.onProgress?.(received, total);
      }
    } catch (err) {
      if (writeError) throw cannotWrite(writeError);
      throw fail(`the connection broke after ${received} bytes (${idle.signal.aborted ? 'no data for too long' : (err as Error).message})`);
    }
    if (!file.closed) {
      const closed = once(file, 'close').catch(() => undefined);
      file.end();
      await closed;
    }
    if (writeError) throw cannotWrite(writeError);
    if (Number.isFinite(header) && header > 0 && received !== header) throw fail(`got ${received} of ${header} bytes`);
    if (opts.size !== undefined && received !== opts.size) throw fail(`got ${received} bytes, the voice's file has ${opts.size}`);
    const sha256 = hash.digest('hex');
    if (opts.sha256 && sha256 !== opts.sha256.toLowerCase())
      throw new LessoncastError('VOICE_CHECKSUM', `${url}: sha256 ${sha256} is not the published ${opts.sha256}; the file was not installed.`,
        'Run the command again; if it persists, the file on the server differs from the one lessoncast knows (use --sha256 to accept another on purpose).');
    return { sha256, size: received };
  } catch (err) {
    if (out && !out.closed) {
      const closed = once(out, 'close').catch(() => undefined);
      out.destroy();
      await closed;
    }
    rmSync(dest, { force: true });
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
