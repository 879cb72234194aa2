/**
 * Secrets masked in a cast (docs/security.md, "Secrets"): its output as one stream (a token split
 * over two writes is still found), its input, markers, title and command. Pure.
 */
import { findSecrets, maskSpans, redactSecrets, SECRET_MASK, type SecretFinding, type SecretPattern } from '../secrets/redact-secrets.ts';
import { rewriteStream } from './rewrite-stream.ts';
import type { Cast } from './types.ts';

/** The cast with every secret masked; the same object when it holds none. */
export function redactCast(cast: Cast, extra: readonly SecretPattern[] = []): Cast {
  let changed = false;
  const events = [...cast.events];
  for (const code of ['o', 'i']) {
    const at = events.flatMap((e, i) => (e.code === code ? [i] : []));
    const pieces = at.map((i) => events[i].data);
    const spans = maskSpans(findSecrets(pieces.join(''), extra));
    if (spans.length === 0) continue;
    changed = true;
    rewriteStream(pieces, spans, () => SECRET_MASK).forEach((data, j) => { events[at[j]] = { ...events[at[j]], data }; });
  }
  for (let i = 0; i < events.length; i++) {
    if (events[i].code === 'o' || events[i].code === 'i') continue;
    const data = redactSecrets(events[i].data, extra);
    if (data !== events[i].data) { events[i] = { ...events[i], data }; changed = true; }
  }
  const command = cast.command === undefined ? undefined : redactSecrets(cast.command, extra);
  const title = cast.title === undefined ? undefined : redactSecrets(cast.title, extra);
  if (!changed && command === cast.command && title === cast.title) return cast;
  // An event whose text was all secret stays, empty: times and event counts are the recording's.
  return { ...cast, events, ...(command !== undefined ? { command } : {}), ...(title !== undefined ? { title } : {}) };
}

/** The secrets in a cast's output and input (lint: a recording that holds one), with the time of the event where each starts. */
export function castSecrets(cast: Cast, extra: readonly SecretPattern[] = []): (SecretFinding & { time: number })[] {
  const out: (SecretFinding & { time: number })[] = [];
  for (const code of ['o', 'i']) {
    const evs = cast.events.filter((e) => e.code === code);
    const starts: number[] = [];
    let pos = 0;
    for (const e of evs) { starts.push(pos); pos += e.data.length; }
    for (const f of findSecrets(evs.map((e) => e.data).join(''), extra)) {
      let j = starts.length - 1;
      while (j > 0 && starts[j] > f.start) j--;
      out.push({ ...f, time: evs[j]?.time ?? 0 });
    }
  }
  const header = [cast.command, cast.title].filter((t): t is string => !!t).join('\n');
  for (const f of findSecrets(header, extra)) out.push({ ...f, time: 0 });
  return out.sort((a, b) => a.time - b.time);
}
