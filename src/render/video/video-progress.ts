/** Progress of a video build: a bar per phase (capture, encode) with counts and time left on a TTY, plain lines otherwise. */
import cliProgress from 'cli-progress';

export type Phase = 'speech' | 'capture' | 'encode';

export interface VideoProgress {
  /** Starts (or restarts) a phase with a total count. */
  start(phase: Phase, total: number, what: string): void;
  tick(phase: Phase, n?: number): void;
  /** Ends a phase (plain mode prints its summary). */
  finish(phase: Phase, summary: string): void;
  stop(): void;
}

/** Bars on a TTY when asked; lines when asked and not a TTY; nothing otherwise. */
export function videoProgress(slug: string, enabled: boolean, stream: NodeJS.WriteStream = process.stderr): VideoProgress {
  if (!enabled) return { start() {}, tick() {}, finish() {}, stop() {} };
  if (!stream.isTTY) {
    return {
      start: (phase, total, what) => { stream.write(`${slug}: ${phase}: ${total} ${what}\n`); },
      tick() {},
      finish: (phase, summary) => { stream.write(`${slug}: ${phase}: ${summary}\n`); },
      stop() {},
    };
  }
  const multi = new cliProgress.MultiBar({
    stream, clearOnComplete: false, hideCursor: true, etaBuffer: 50,
    format: `${slug} {phase} [{bar}] {value}/{total} {what} | {duration_formatted} elapsed, {eta_formatted} left`,
  }, cliProgress.Presets.shades_classic);
  const bars = new Map<Phase, cliProgress.SingleBar>();
  return {
    start(phase, total, what) {
      const existing = bars.get(phase);
      if (existing) { existing.setTotal(total); existing.update(0, { what }); return; }
      bars.set(phase, multi.create(Math.max(total, 0), 0, { phase: phase.padEnd(7), what }));
    },
    tick(phase, n = 1) { bars.get(phase)?.increment(n); },
    finish(phase, summary) { const b = bars.get(phase); if (b) { b.update(b.getTotal(), { what: summary }); } },
    stop() { multi.stop(); },
  };
}
