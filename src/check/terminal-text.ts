/**
 * A command's output as the terminal shows it, line by line: replayed in a headless xterm (the one
 * the stage uses), so colours, carriage-return progress bars, cursor moves and wide characters end
 * as they do on screen; a line the terminal wrapped is one line again, as the script writes it.
 */
import xtermHeadless from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';

const { Terminal } = xtermHeadless as unknown as typeof import('@xterm/headless');
const { Unicode11Addon } = unicode11 as unknown as typeof import('@xterm/addon-unicode11');

/** Lines of output kept (the last ones): more than any lesson shows, and a bound on the work. */
export const MAX_OUTPUT_LINES = 10_000;

/** The text lines `data` leaves in a `cols`-wide terminal, trailing blanks and blank lines at the end removed. */
export async function terminalText(data: string, cols: number): Promise<string[]> {
  if (data === '') return [];
  const term = new Terminal({ cols, rows: 24, scrollback: MAX_OUTPUT_LINES, allowProposedApi: true, convertEol: false });
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  await new Promise<void>((resolve) => term.write(data, resolve));
  // What a full-screen program left on the alternate screen is gone once it exits; the normal buffer is the output.
  const buf = term.buffer.normal;
  const lines: string[] = [];
  for (let y = 0; y < buf.length; y++) {
    const line = buf.getLine(y);
    if (!line) continue;
    // A line the terminal wrapped goes on in the next row: keep its blanks up to the edge.
    const text = line.translateToString(!buf.getLine(y + 1)?.isWrapped);
    if (line.isWrapped && lines.length) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  term.dispose();
  const out = lines.map((l) => l.trimEnd());
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}
