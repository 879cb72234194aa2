/**
 * Progress of a course's render across every worker (or every local job): a bar per phase —
 * speech, shots, mux — with counts and time left on a terminal (cli-progress), a plain line per
 * change of a phase (at most one every 2 s, and its last) when not a terminal, nothing when off.
 * Totals grow as lessons are planned (a lesson's shots are known once its speech is).
 */
import cliProgress from 'cli-progress';

export type CoursePhase = 'speech' | 'shots' | 'mux';

/** What the course build reports. */
export interface CourseProgress {
  /** `n` more jobs of a phase to wait for. */
  add(phase: CoursePhase, n: number): void;
  /** One job of a phase finished. */
  done(phase: CoursePhase): void;
  stop(): void;
}

const PHASES: CoursePhase[] = ['speech', 'shots', 'mux'];
const LABEL: Record<CoursePhase, string> = { speech: 'lessons narrated', shots: 'shots rendered', mux: 'videos joined' };

/** Bars on a TTY, lines otherwise, nothing when `enabled` is false. */
export function courseProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): CourseProgress {
  if (!enabled) return { add() {}, done() {}, stop() {} };
  const counts = Object.fromEntries(PHASES.map((p) => [p, { total: 0, done: 0, printed: -1, at: 0 }])) as Record<CoursePhase, { total: number; done: number; printed: number; at: number }>;
  if (!stream.isTTY) {
    const started = Date.now();
    const line = (p: CoursePhase, force = false) => {
      const c = counts[p];
      if (c.printed === c.done || (!force && c.done < c.total && Date.now() - c.at < 2000)) return;
      c.printed = c.done;
      c.at = Date.now();
      const rate = c.done / Math.max(1, Date.now() - started);
      const left = c.done && c.done < c.total ? `, ~${Math.ceil((c.total - c.done) / rate / 1000)} s left` : '';
      stream.write(`${p}: ${c.done}/${c.total} ${LABEL[p]}${left}\n`);
    };
    return {
      add(p, n) { counts[p].total += n; },
      done(p) { counts[p].done++; line(p); },
      stop() { for (const p of PHASES) if (counts[p].total) line(p, true); },
    };
  }
  const multi = new cliProgress.MultiBar({
    stream, clearOnComplete: false, hideCursor: true, etaBuffer: 30, fps: 5,
    format: '{phase} [{bar}] {value}/{total} {what} | {duration_formatted} elapsed, {eta_formatted} left',
  }, cliProgress.Presets.shades_classic);
  const bars = new Map<CoursePhase, cliProgress.SingleBar>();
  const bar = (p: CoursePhase) => {
    let b = bars.get(p);
    if (!b) { b = multi.create(0, 0, { phase: p.padEnd(6), what: LABEL[p] }); bars.set(p, b); }
    return b;
  };
  return {
    add(p, n) { counts[p].total += n; bar(p).setTotal(counts[p].total); },
    done(p) { counts[p].done++; bar(p).update(counts[p].done); },
    stop() { multi.stop(); },
  };
}
