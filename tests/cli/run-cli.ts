/**
 * Runs the command line in this process (src/cli.ts `main`, what bin.ts calls) with its own output
 * streams given to it: the same code path as the executable without a Node start per call. The
 * executable itself is spawned by tests/helpers/cli.ts, and the installed one by tests/package/.
 */
import { main } from '../../src/cli.ts';
import type { CliResult } from '../helpers/cli.ts';

let running = false;

/** `lessoncast ...args` in `cwd`; returns the exit code and what it printed (main's own output streams: nothing of the process is patched). */
export async function runCli(args: string[], opts: { cwd?: string } = {}): Promise<CliResult> {
  if (running) throw new Error('runCli: one call at a time (it changes the working directory)');
  running = true;
  const out: string[] = [];
  const err: string[] = [];
  const cwd = process.cwd();
  try {
    if (opts.cwd) process.chdir(opts.cwd);
    const code = await main(args, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } });
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(cwd);
    running = false;
  }
}
