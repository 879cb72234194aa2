/** Ground truth for alignment tests: the word times flite itself gives (it has no word-time output of its own). */
import { execFileSync } from 'node:child_process';

/** flite's own word times: its segment end times (`-psdur`), cut by each word's phone count (`-ps` of the word alone). */
export function fliteWordTimes(text: string): { word: string; start: number; end: number }[] {
  const segs = execFileSync('flite', ['-voice', 'slt', '-psdur', '-t', text, '-o', 'none'], { encoding: 'utf8' }).trim().split(/\s+/)
    .map((s) => { const [p, e] = s.split(':'); return { p, end: Number(e) }; });
  const words = text.split(/\s+/).map((w) => w.replace(/[^\w']/g, '')).filter(Boolean);
  const out: { word: string; start: number; end: number }[] = [];
  let k = 0;
  let prev = 0;
  for (const word of words) {
    const phones = execFileSync('flite', ['-voice', 'slt', '-ps', '-t', word, '-o', 'none'], { encoding: 'utf8' }).trim().split(/\s+/).filter((p) => p !== 'pau').length;
    while (segs[k].p === 'pau') prev = segs[k++].end;
    k += phones - 1;
    out.push({ word, start: prev, end: segs[k].end });
    prev = segs[k++].end;
  }
  // Every phone accounted for, else the cut is wrong.
  if (k !== segs.length - 1) throw new Error(`flite phones do not add up for "${text}"`);
  return out;
}

