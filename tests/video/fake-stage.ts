/** A tiny deterministic stage page (same contract as src/stage in video mode), for pipeline tests independent of the real stage. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LessonCast } from '../../src/casts/types.ts';
import type { Timeline } from '../../src/schedule/types.ts';

/** Writes `stage.html`: scene title, terminal text (cast output replayed to t), popups. */
export async function writeFakeStage(dir: string, input: { casts: LessonCast[]; timeline: Timeline }, opts: { seekDelayMs?: number; failAfter?: number } = {}): Promise<{ file: string }> {
  const data = JSON.stringify({ timeline: input.timeline, casts: Object.fromEntries(input.casts.map((c) => [c.commandId, c.cast.events.filter((e) => e.code === 'o')])) });
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;width:1920px;height:1080px;background:#1e1e1e;color:#eee;font:40px monospace;overflow:hidden}
#title{padding:40px;font-size:64px;color:#fc0} #term{white-space:pre;padding:40px} #popup{position:absolute;right:80px;bottom:80px;background:#fff;color:#000;padding:30px;display:none}
</style></head><body><div id="title"></div><div id="term"></div><div id="popup"></div><script>
const D = ${data.replace(/</g, '\\u003c')};
let last = null;
function state(t) {
  const scene = D.timeline.scenes.find((s) => t >= s.start && t < s.end) || D.timeline.scenes[D.timeline.scenes.length - 1];
  let term = '';
  for (const c of D.timeline.cues) if (c.type === 'command' && c.start <= t) for (const e of D.casts[c.ref] || []) if (c.start + e.time <= t) term += e.data;
  const popup = D.timeline.cues.find((c) => c.type === 'popup' && c.start <= t && t < c.end);
  return JSON.stringify([scene.title, term.replace(/\\r/g, ''), popup ? popup.text : null]);
}
window.lessoncastStage = { ready: document.fonts.ready.then(() => {}), async seek(t) {
  if (${opts.failAfter ?? -1} >= 0 && t > ${opts.failAfter ?? -1}) throw new Error('fake stage broke at ' + t);
  if (${opts.seekDelayMs ?? 0}) await new Promise((r) => setTimeout(r, ${opts.seekDelayMs ?? 0}));
  const s = state(t); if (s === last) return false; last = s;
  const [title, term, popup] = JSON.parse(s);
  document.getElementById('title').textContent = title; document.getElementById('term').textContent = term;
  const p = document.getElementById('popup'); p.style.display = popup ? 'block' : 'none'; p.textContent = popup || '';
  return true;
}, state };
</script></body></html>`;
  const file = join(dir, 'stage.html');
  writeFileSync(file, html);
  return { file };
}
