/** The course page (`index.html`): a card per lesson with poster, title, duration and summary. Pure. */
import { clock, esc, spokenDuration } from './html.ts';
import { pageShell } from './page-shell.ts';

/** One lesson as the index shows it. */
export interface IndexLesson {
  slug: string;
  title: string;
  summary: string;
  duration: number | null;
  estimated: boolean;
  /** Poster path relative to the site root, when the video was built. */
  poster: string | null;
  hasVideo: boolean;
}

function card(lesson: IndexLesson, i: number): string {
  const href = `${esc(lesson.slug)}/index.html`;
  const duration = lesson.duration !== null
    ? `<span class="card-duration" title="${spokenDuration(lesson.duration)}">${lesson.estimated ? '~' : ''}${clock(lesson.duration)}</span>` : '';
  const art = lesson.poster
    ? `<img src="${esc(lesson.poster)}" alt="Opening frame of the video for “${esc(lesson.title)}”" width="1920" height="1080" loading="lazy">`
    : `<div class="card-placeholder" aria-hidden="true"><span>${i + 1}</span></div>`;
  return `<li class="card">
<a class="card-link" href="${href}" aria-describedby="${esc(lesson.slug)}-summary">
<div class="card-art">${art}${duration}</div>
<div class="card-body">
<p class="card-eyebrow">Lesson ${i + 1}${lesson.hasVideo ? '' : ' · video not built yet'}</p>
<h2 class="card-title">${esc(lesson.title)}</h2>
</div>
</a>
<p class="card-summary" id="${esc(lesson.slug)}-summary">${esc(lesson.summary)}</p>
</li>`;
}

/** Renders the course index. */
export function renderIndexPage(courseTitle: string, lessons: IndexLesson[]): string {
  const total = lessons.reduce((sum, l) => sum + (l.duration ?? 0), 0);
  const anyEstimated = lessons.some((l) => l.estimated);
  const stats = `${lessons.length} lesson${lessons.length === 1 ? '' : 's'}` + (total > 0 ? ` · ${anyEstimated ? '~' : ''}${clock(total)} of video` : '');
  const body = `<header class="site-header">
<div class="wrap header-row">
<a class="brand" href="index.html" aria-current="page"><span class="brand-mark" aria-hidden="true"></span>${esc(courseTitle)}</a>
</div>
</header>
<main id="main" class="wrap course">
<div class="course-head">
<p class="eyebrow">${stats}</p>
<h1>${esc(courseTitle)}</h1>
</div>
${lessons.length
    ? `<ol class="cards">\n${lessons.map(card).join('\n')}\n</ol>`
    : '<p class="empty">This course has no lessons yet. Add a script as <code>transcripts/&lt;slug&gt;.md</code>.</p>'}
</main>
<footer class="site-footer"><div class="wrap">Made with lessoncast</div></footer>`;
  return pageShell({ title: courseTitle, description: `${courseTitle}: ${stats}`, base: '', bodyClass: 'index-page', body });
}
