/**
 * Finds the command lines of a recording: where a shell printed its prompt and the author typed a
 * command and pressed Enter. Pure. docs/casts.md ("Kinds of recording") describes the rules.
 *
 * Written by hand rather than by replaying in a terminal emulator: we need to know which *write*
 * put each character on the line (the shell writes its prompt in one go; typing echoes come after
 * it), which no emulator reports, and only a handful of line-editing sequences matter for that.
 */
import type { CastEvent } from './types.ts';

/** A position in a cast's event stream: an event index and a UTF-16 offset in its data. */
export interface StreamPos {
  event: number;
  offset: number;
}

/** One command the recording shows being typed. */
export interface CommandLine {
  /** The prompt as shown (visible text, escape sequences removed). */
  prompt: string;
  /** The command as it stood on the line when Enter was pressed. */
  command: string;
  /** Where the prompt's line starts (just after the line break before it). */
  lineStart: StreamPos;
  /** Where the first typed character was written (the end of the prompt). */
  typingStart: StreamPos;
  /** Index of the event that pressed Enter (the `i` event, or the `o` event echoing the line break). */
  enterEvent: number;
  /** Time of Enter, seconds from the cast start. */
  enterTime: number;
}

/** Characters a prompt ends with (before trailing blanks): sh/bash/zsh/fish defaults and common themes. */
const PROMPT_END = /[$#%>❯➜λ»›\ue0b0-\ue0d4]\s*$/u;

interface Cell { ch: string; write: number }

/** The current line as the terminal would show it, with the write that put each character there. */
class LineTracker {
  cells: Cell[] = [];
  col = 0;
  start: StreamPos = { event: 0, offset: 0 };

  print(ch: string, write: number): void {
    this.cells[this.col] = { ch, write };
    this.col++;
  }

  text(from = 0, to = this.cells.length): string {
    let s = '';
    for (let i = from; i < to; i++) s += this.cells[i]?.ch ?? ' ';
    return s;
  }

  reset(start: StreamPos): void {
    this.cells = [];
    this.col = 0;
    this.start = start;
  }
}

/**
 * Feeds one event's data to the tracker; calls `onLineBreak` at each line feed with the position
 * just after it. Handles the sequences shells use to edit the line (CR, BS, erase, cursor moves,
 * delete/insert characters); other escape sequences draw nothing.
 */
function feed(t: LineTracker, data: string, event: number, onLineBreak: (next: StreamPos) => void): void {
  let i = 0;
  while (i < data.length) {
    const c = data[i];
    if (c === '\x1b') {
      const next = data[i + 1];
      if (next === '[') {
        const m = /^\x1b\[([0-9;?>=]*)([ -/]*)([@-~])/.exec(data.slice(i, i + 64));
        if (!m) { i += 2; continue; }
        csi(t, m[1], m[3]);
        i += m[0].length;
      } else if (next === ']' || next === 'P' || next === '_' || next === '^') {
        // OSC/DCS/APC/PM: up to BEL or ST (ESC \); window titles and shell-integration marks.
        const bel = data.indexOf('\x07', i + 2);
        const st = data.indexOf('\x1b\\', i + 2);
        const end = [bel === -1 ? Infinity : bel + 1, st === -1 ? Infinity : st + 2].reduce((a, b) => Math.min(a, b));
        i = end === Infinity ? data.length : end;
      } else {
        i += next === undefined ? 1 : 2;
      }
      continue;
    }
    if (c === '\r') { t.col = 0; i++; continue; }
    if (c === '\n') { i++; onLineBreak({ event, offset: i }); continue; }
    if (c === '\b') { t.col = Math.max(0, t.col - 1); i++; continue; }
    if (c === '\t') { t.col = (Math.floor(t.col / 8) + 1) * 8; i++; continue; }
    const code = c.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) { i++; continue; }
    const ch = String.fromCodePoint(code);
    t.print(ch, event);
    i += ch.length;
  }
}

function csi(t: LineTracker, params: string, final: string): void {
  if (params.startsWith('?') || params.startsWith('>')) return; // private modes (bracketed paste, cursor visibility)
  const n = Number(params.split(';')[0] || '0');
  switch (final) {
    case 'K': // erase in line
      if (n === 0) t.cells.length = Math.min(t.cells.length, t.col);
      else if (n === 1) for (let x = 0; x <= t.col && x < t.cells.length; x++) t.cells[x] = { ch: ' ', write: t.cells[x]?.write ?? 0 };
      else t.cells = [];
      break;
    case 'C': t.col += Math.max(1, n); break;
    case 'D': t.col = Math.max(0, t.col - Math.max(1, n)); break;
    case 'G': t.col = Math.max(0, Math.max(1, n) - 1); break;
    case 'P': t.cells.splice(t.col, Math.max(1, n)); break;
    case '@': t.cells.splice(t.col, 0, ...Array.from({ length: Math.max(1, n) }, () => ({ ch: ' ', write: -1 }))); break;
    case 'J': if (n === 2 || n === 3) t.cells = []; break;
    default: break; // colours and other attributes draw nothing
  }
}

/**
 * The command lines of a cast. With input events (`asciinema rec --stdin`, `lessoncast record`),
 * an `i` event holding Enter ends a line and the typed part is what was echoed after the first
 * input since the previous Enter. Without them, a line ending in a line feed is a command line
 * when its first part was written in one write that ends like a prompt and the rest came in later
 * writes (the echo of typing), the line feed itself in a write of its own (the echo of Enter).
 * Either way only prompts of the most common shape count (a `y/N?` answer is not a command), and
 * a final `exit` or `logout` is the end of the session, not a command.
 */
export function commandLines(events: CastEvent[]): { lines: CommandLine[]; closing: CommandLine | null } {
  const hasInput = events.some((e) => e.code === 'i');
  const t = new LineTracker();
  const found: CommandLine[] = [];
  let typingFrom = -1; // input mode: first event index echoing input since the last Enter
  let pendingInput = false;
  let lineBreakWrite = -1;

  const candidate = (enterEvent: number, typedFrom: number | null) => {
    const cells = t.cells;
    let first = 0;
    while (first < cells.length && (cells[first] === undefined || cells[first].ch === ' ')) first++;
    if (first >= cells.length) return;
    let split: number;
    if (typedFrom !== null) {
      split = cells.findIndex((c) => c !== undefined && c.write >= typedFrom);
    } else {
      const promptWrite = cells[first].write;
      split = cells.findIndex((c, k) => k > first && c !== undefined && c.write > promptWrite && c.ch !== ' ');
      // the typed part must not share a write with Enter's line feed (output printed in one go is not typing)
      if (split >= 0 && !hasInput && cells.slice(split).some((c) => c?.write === lineBreakWrite)) return;
    }
    if (split <= 0) return;
    const prompt = t.text(0, split);
    const command = t.text(split).trim();
    if (command === '' || prompt.trim() === '') return;
    const typingWrite = cells[split].write;
    found.push({
      prompt: prompt.replace(/\s+$/, ' ').replace(/^\s+/, ''), command, lineStart: t.start,
      typingStart: { event: typingWrite, offset: offsetOfCell(events, t, typingWrite) },
      enterEvent, enterTime: events[enterEvent].time,
    });
  };

  events.forEach((e, idx) => {
    if (e.code === 'i') {
      if (/[\r\n]/.test(e.data)) {
        // Only Enter was recorded as input (`lessoncast record` types by writing output): judge by writes.
        candidate(idx, typingFrom >= 0 ? typingFrom : null);
        typingFrom = -1;
        pendingInput = false;
      } else if (typingFrom < 0) pendingInput = true;
      return;
    }
    if (e.code !== 'o') return;
    if (pendingInput && typingFrom < 0) typingFrom = idx;
    lineBreakWrite = idx;
    feed(t, e.data, idx, (next) => {
      if (!hasInput) candidate(idx, null);
      t.reset(next);
    });
  });

  const shape = (p: string) => PROMPT_END.exec(p.trimEnd())?.[0].trim() ?? null;
  const counts = new Map<string, number>();
  for (const c of found) { const s = shape(c.prompt); if (s !== null) counts.set(s, (counts.get(s) ?? 0) + 1); }
  const dominant = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const lines = found.filter((c) => dominant !== undefined && shape(c.prompt) === dominant);
  const last = lines[lines.length - 1];
  const closing = last && /^(exit|logout)(\s+\d+)?$/.test(last.command) ? lines.pop()! : null;
  return { lines, closing };
}

/** Offset in its event's data of the first character that `write` put on the current line. */
function offsetOfCell(events: CastEvent[], t: LineTracker, write: number): number {
  // Re-scan that one event: the first printable character it writes after the line start.
  const data = events[write].data;
  const from = t.start.event === write ? t.start.offset : 0;
  let i = from;
  while (i < data.length) {
    const c = data[i];
    if (c === '\x1b') {
      const m = /^\x1b(\[[0-9;?>=]*[ -/]*[@-~]|\][^\x07]*(\x07|\x1b\\)|.)/.exec(data.slice(i));
      i += m ? m[0].length : 1;
      continue;
    }
    if (c.charCodeAt(0) < 0x20 || c === '\x7f' || c === ' ') { i++; continue; }
    return i;
  }
  return from;
}
