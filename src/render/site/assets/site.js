/* lessoncast lesson page: seek from the transcript, highlight the paragraph and the word being said, play casts inline. No dependencies. */
(function () {
  'use strict';

  var video = document.getElementById('lesson-video');
  var follow = document.getElementById('follow');
  var timed = Array.prototype.slice.call(document.querySelectorAll('.transcript [data-start][data-end]'));
  var chapters = Array.prototype.slice.call(document.querySelectorAll('.chapter[data-seek]'));
  var current = null;
  var currentWord = [];
  var currentChapter = null;
  var lastUserScroll = 0;

  function num(el, name) { return parseFloat(el.getAttribute(name)); }

  /* ---- seeking ---- */
  function seek(t) {
    if (!video) return;
    video.currentTime = t;
    var p = video.play();
    if (p && p.catch) p.catch(function () { /* autoplay refused: the seek still happened */ });
    update();
  }

  document.addEventListener('click', function (ev) {
    var target = ev.target;
    if (!(target instanceof Element)) return;
    var button = target.closest('[data-seek]');
    if (button) { ev.preventDefault(); seek(num(button, 'data-seek')); return; }
    if (!video) return;
    // A click on a paragraph's text seeks too (but not on its links, nor while selecting text).
    var para = target.closest('.para[data-start]');
    if (!para || target.closest('a')) return;
    var sel = window.getSelection && window.getSelection();
    if (sel && String(sel).length > 0) return;
    seek(num(para, 'data-start'));
  });

  /* ---- highlight the paragraph being spoken ---- */
  function setCurrent(el) {
    if (el === current) return;
    if (current) { current.classList.remove('is-current'); current.removeAttribute('aria-current'); }
    current = el;
    if (!el) return;
    el.classList.add('is-current');
    el.setAttribute('aria-current', 'true');
    if (follow && follow.checked && video && !video.paused && Date.now() - lastUserScroll > 4000) keepInView(el);
  }

  function keepInView(el) {
    var r = el.getBoundingClientRect();
    var h = window.innerHeight || document.documentElement.clientHeight;
    // On narrow screens the video scrolls away with the text: only follow when the video is still visible or the layout is wide.
    var wide = window.matchMedia && window.matchMedia('(min-width: 1100px)').matches;
    if (!wide) {
      var vr = video.getBoundingClientRect();
      if (vr.bottom < 0) return;
    }
    if (r.top < h * 0.15 || r.bottom > h * 0.85) {
      var reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      el.scrollIntoView({ block: 'center', behavior: reduce ? 'auto' : 'smooth' });
    }
  }

  function update() {
    if (!video) return;
    var t = video.currentTime;
    var found = null;
    for (var i = 0; i < timed.length; i++) {
      var s = num(timed[i], 'data-start');
      var e = num(timed[i], 'data-end');
      if (t >= s && t < e) { found = timed[i]; if (timed[i].classList.contains('para')) break; }
    }
    setCurrent(found);
    markWord(found && found.classList.contains('para') ? found : null, t);
    var chapter = null;
    for (var j = 0; j < chapters.length; j++) if (num(chapters[j], 'data-seek') <= t + 0.01) chapter = chapters[j];
    if (chapter !== currentChapter) {
      if (currentChapter) { currentChapter.classList.remove('is-current'); currentChapter.removeAttribute('aria-current'); }
      currentChapter = chapter;
      if (chapter) { chapter.classList.add('is-current'); chapter.setAttribute('aria-current', 'step'); }
    }
  }

  /* ---- mark the word being said: the last word of the current paragraph that has started ---- */
  function markWord(para, t) {
    var spans = para ? para.querySelectorAll('.w[data-word-start]') : [];
    var k = null;
    for (var i = 0; i < spans.length; i++) {
      if (num(spans[i], 'data-word-start') <= t + 0.001) k = spans[i].getAttribute('data-w');
      else break;
    }
    // A word split by markup is several spans with one index: all of them are the word.
    var next = k === null ? [] : Array.prototype.slice.call(para.querySelectorAll('.w[data-w="' + k + '"]'));
    if (next.length === currentWord.length && next.every(function (el, j) { return el === currentWord[j]; })) return;
    currentWord.forEach(function (el) { el.classList.remove('is-spoken'); el.removeAttribute('aria-current'); });
    next.forEach(function (el) { el.classList.add('is-spoken'); el.setAttribute('aria-current', 'true'); });
    currentWord = next;
  }

  // timeupdate comes four times a second: too slow for words, so a frame loop runs while the video plays.
  var frame = null;
  function tick() { update(); frame = video.paused || video.ended ? null : window.requestAnimationFrame(tick); }

  if (video) {
    video.addEventListener('play', function () { if (frame === null) frame = window.requestAnimationFrame(tick); });
    video.addEventListener('timeupdate', update);
    video.addEventListener('seeked', update);
    ['wheel', 'touchmove', 'keydown'].forEach(function (type) {
      window.addEventListener(type, function (ev) {
        if (type === 'keydown' && ['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' '].indexOf(ev.key) < 0) return;
        lastUserScroll = Date.now();
      }, { passive: true });
    });
  }

  /* ---- terminal casts, inline with asciinema-player ---- */
  var castData = {};
  try { castData = JSON.parse((document.getElementById('lesson-casts') || {}).textContent || '{}'); } catch (e) { castData = {}; }

  function castDuration(text) {
    var lines = text.replace(/\s+$/, '').split('\n');
    try { return JSON.parse(lines[lines.length - 1])[0] || 0; } catch (e) { return 0; }
  }

  // On a phone a whole terminal scaled to the screen is too small to read: show the text, and a button that plays the cast.
  var narrow = window.matchMedia && window.matchMedia('(max-width: 600px)').matches;

  function mount(el, autoPlay) {
    if (el.classList.contains('is-mounted') || el.classList.contains('is-mounted-failed') || typeof AsciinemaPlayer === 'undefined') return;
    var text = castData[el.getAttribute('data-cast')];
    if (!text) return;
    var host = document.createElement('div');
    host.className = 'cast-player';
    el.appendChild(host);
    try {
      AsciinemaPlayer.create({ data: text }, host, {
        cols: parseInt(el.getAttribute('data-cols'), 10) || undefined,
        rows: parseInt(el.getAttribute('data-rows'), 10) || undefined,
        fit: 'width',
        // The poster shows the command and its output before anyone presses play.
        poster: 'npt:' + Math.max(0, castDuration(text)),
        idleTimeLimit: 2,
        autoPlay: !!autoPlay,
        terminalFontFamily: getComputedStyle(document.documentElement).getPropertyValue('--term-font-family').trim() || 'monospace',
      });
      el.classList.add('is-mounted');
    } catch (e) {
      host.remove();
    }
  }

  var casts = Array.prototype.slice.call(document.querySelectorAll('.cast[data-cast]'));
  if (narrow) {
    casts.forEach(function (el) {
      var head = el.parentNode.querySelector('.block-head');
      if (!head || typeof AsciinemaPlayer === 'undefined') return;
      var play = document.createElement('button');
      play.type = 'button';
      play.className = 'cast-play';
      play.textContent = '▶ Play';
      play.setAttribute('aria-label', 'Play this terminal session');
      play.addEventListener('click', function () { play.remove(); mount(el, true); });
      head.insertBefore(play, head.querySelector('.seek'));
    });
    casts = [];
  }
  // Players near the viewport mount first; the rest mount one by one when the page is idle.
  var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 50); };
  function mountRest() {
    var next = casts.filter(function (el) { return !el.classList.contains('is-mounted'); })[0];
    if (!next) return;
    mount(next);
    if (!next.classList.contains('is-mounted')) next.classList.add('is-mounted-failed');
    idle(mountRest);
  }
  if ('IntersectionObserver' in window) {
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { if (entry.isIntersecting) { io.unobserve(entry.target); mount(entry.target); } });
    }, { rootMargin: '400px 0px' });
    casts.forEach(function (el) { io.observe(el); });
  }
  if (document.readyState === 'complete') idle(mountRest);
  else window.addEventListener('load', function () { idle(mountRest); });
})();
