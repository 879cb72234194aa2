/** Watches a course's sources (transcripts, slides, recordings, configs, config file, lexicon) and reports changed paths in batches. */
import { watch, type FSWatcher } from 'chokidar';
import { relative, resolve, sep } from 'node:path';

/** Top-level names under the course root that matter; everything else (node_modules, build/, .git) is never walked. */
export function isWatchedPath(root: string, outDir: string, file: string, extra: string[] = []): boolean {
  const abs = resolve(file);
  if (abs === resolve(root)) return true;
  if (abs === resolve(outDir) || abs.startsWith(resolve(outDir) + sep)) return false;
  const rel = relative(root, abs);
  if (rel.startsWith('..')) return false;
  const top = rel.split(sep)[0];
  if (['transcripts', 'slides', 'recordings', 'configs'].includes(top)) return !rel.split(sep).some((s) => s.startsWith('.') || s.endsWith('~'));
  return rel === top && (/^lessoncast\.config\.(ts|mts|mjs|js|json)$/.test(top) || extra.includes(top));
}

/** Starts watching; `onChange` receives the paths changed within `debounceMs` of each other. */
export function watchCourse(opts: { root: string; outDir: string; extraFiles?: string[]; debounceMs?: number; onChange: (files: string[]) => void }): { ready: Promise<void>; close(): Promise<void> } {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  const watcher: FSWatcher = watch(opts.root, {
    ignoreInitial: true,
    ignored: (p: string) => !isWatchedPath(opts.root, opts.outDir, p, opts.extraFiles),
  });
  const flush = () => {
    timer = null;
    const files = [...pending];
    pending.clear();
    if (files.length) opts.onChange(files);
  };
  for (const event of ['add', 'change', 'unlink'] as const)
    watcher.on(event, (p: string) => {
      pending.add(resolve(opts.root, p));
      // Editors save in bursts (write, rename, chmod): one rebuild per burst.
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, opts.debounceMs ?? 30);
    });
  const ready = new Promise<void>((r) => watcher.once('ready', () => r()));
  return {
    ready,
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
