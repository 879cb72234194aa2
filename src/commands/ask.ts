/** A yes/no question on the command's terminal (`record`, `check --update`): yes only for y or yes; Ctrl-C at the question means no. */
import { createInterface } from 'node:readline/promises';
import type { CommandContext } from './command-options.ts';

/** Asks `question` on `ctx.stdout` and reads the answer from `ctx.stdin`. */
export async function confirm(ctx: Pick<CommandContext, 'stdin' | 'stdout'>, question: string): Promise<boolean> {
  ctx.stdout.write(question);
  const rl = createInterface({ input: ctx.stdin, terminal: false });
  const ac = new AbortController();
  rl.on('SIGINT', () => ac.abort());
  try {
    return /^y(es)?$/i.test((await rl.question('', { signal: ac.signal })).trim());
  } catch (err) {
    // The question was given up (Ctrl-C, end of input): the answer is no.
    void err;
    ctx.stdout.write('\n');
    return false;
  } finally {
    rl.close();
  }
}
