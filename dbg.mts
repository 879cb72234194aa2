import { openCourse } from '/work/main/src/course.ts';
import { readLesson } from '/work/main/src/parse/read-lesson.ts';
import { lessonCasts } from '/work/main/src/casts/lesson-casts.ts';
import { timelineFor } from '/work/main/src/schedule/timeline-for.ts';
import { stageModel } from '/work/main/src/stage/stage-model.ts';
const root = process.argv[2];
const course = await openCourse({ root });
const lesson = await readLesson(course, 'three');
const casts = await lessonCasts(course, lesson);
const { timeline } = await timelineFor(course, lesson, {});
for (const c of timeline.cues.filter((c) => c.type === 'command')) console.log(c.ref, c.start.toFixed(3), c.end.toFixed(3));
for (const lc of casts) console.log(lc.commandId, lc.kind, lc.cast.duration, lc.cast.events.length, lc.cast.events.slice(-3).map(e=>[e.time,e.code,JSON.stringify(e.data).slice(0,40)]));
const m = await stageModel({ course, lesson, casts }, 'video', timeline);
for (const s of m.scenes) if (s.terminal?.frames) { const f = s.terminal.frames; console.log(s.id, f.times.length, f.times.slice(-15).map(t=>t.toFixed(2)).join(' ')); }
console.log(casts[3].cast.events.filter(e=>e.code==='o').map(e=>[e.time.toFixed(3), JSON.stringify(e.data).slice(0,120)].join(' ')).join('\n'));
