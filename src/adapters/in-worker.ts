/**
 * Runs one exported function of a module in a worker thread and resolves with what it returns: for
 * the render jobs' long computations in JavaScript (mixing and measuring a narration track), which
 * would otherwise hold the main thread — and with it every capture the same process is running.
 * From the TypeScript sources (the repository, its tests) the worker registers tsx itself; from
 * dist/ it loads plain JavaScript. Arguments and results are structured-cloned.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** tsx's ESM API (`tsx/esm/api`, import condition), as a file URL. */
function tsxApi(from: string): string {
  // require.resolve answers the package's `require` condition (index.cjs); its `import` twin sits beside it.
  return pathToFileURL(createRequire(from).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
}

/** Calls `name(...args)` of the module at `moduleUrl` (a `.ts` URL; its `.js` twin from dist/) in a new worker thread. */
export function runInWorker<T>(moduleUrl: URL, name: string, args: unknown[]): Promise<T> {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = fromSource ? moduleUrl.href : moduleUrl.href.replace(/\.ts$/, '.js');
  const body = `const { parentPort, workerData } = require('node:worker_threads');
    (async () => {
      ${fromSource ? `(await import(${JSON.stringify(tsxApi(import.meta.url))})).register();` : ''}
      const mod = await import(workerData.file);
      return mod[workerData.name](...workerData.args);
    })().then((value) => parentPort.postMessage({ value }), (err) => parentPort.postMessage({ error: { message: String(err && err.message || err), code: err && err.code, fix: err && err.fix, name: err && err.name } }));`;
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(body, { eval: true, workerData: { file, name, args } });
    let settled = false;
    worker.once('message', (m: { value?: T; error?: { message: string; code?: string; fix?: string; name?: string } }) => {
      settled = true;
      if (m.error) reject(Object.assign(new Error(m.error.message), m.error));
      else resolve(m.value as T);
      void worker.terminate();
    });
    worker.once('error', (err) => { if (!settled) { settled = true; reject(err); } });
    worker.once('exit', (code) => { if (!settled) { settled = true; reject(new Error(`the worker thread stopped (exit code ${code})`)); } });
  });
}
