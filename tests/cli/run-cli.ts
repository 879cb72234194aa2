/**
 * Runs the command line in this process (src/cli.ts `main`, what bin.ts calls) with stdout and
 * stderr captured: the same code path as the executable without a Node start per call. The
 * executable itself is spawned by tests/helpers/cli.ts, and the installed one by tests/package/.
 */
import { main } from '../../src/cli.ts';
import type { CliResult } from '../helpers/cli.ts';

let running = false;

/** `lessoncast ...args` in `cwd`; returns the exit code and what it printed. */
export async function runCli(args: string[], opts: { cwd?: string } = {}): Promise<CliResult> {
  if (running) throw new Error('runCli: one call at a time (it swaps process.stdout/stderr and the working directory)');
  running = true;
  const out: string[] = [];
  const err: string[] = [];
  const { stdout, stderr } = process;
  const saved = { out: stdout.write, err: stderr.write, cwd: process.cwd() };
  stdout.write = ((chunk: string | Uint8Array) => { out.push(String(chunk)); return true; }) as typeof stdout.write;
  stderr.write = ((chunk: string | Uint8Array) => { err.push(String(chunk)); return true; }) as typeof stderr.write;
  try {
    if (opts.cwd) process.chdir(opts.cwd);
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.write = saved.out;
    stderr.write = saved.err;
    process.chdir(saved.cwd);
    running = false;
  }
}
