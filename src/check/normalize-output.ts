/**
 * What may differ between two runs of the same command without the lesson being wrong (docs/check.md):
 * dates and times, ages and durations, IP addresses, ports the OS or Kubernetes chose, generated name
 * suffixes (`nginx-7d4b9c8f5-x2lqp`), UIDs, hashes, resource versions, and column widths. Each is
 * replaced by a placeholder (`<date>`, `<age>`, `<ip>`, ...) in the written and in the real output
 * alike before they are compared; the course's own `check.ignore` patterns become `<ignored>`. Pure.
 *
 * A replacement can only hide a difference, never make one: both sides go through the same rules.
 */

/** Options of the normalizer: the course's `check.ignore` patterns (global regular expressions). */
export interface NormalizeOptions {
  ignore?: readonly RegExp[];
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const HMS = String.raw`\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?`;
const ZONE = String.raw`(?:\s+(?:[A-Z]{2,5}|[+-]\d{4}))`;
/** Kubernetes' generated-name alphabet (k8s.io/apimachinery rand: no vowels, no 0 1 3). */
const K8S = '[bcdfghjklmnpqrstvwxz2456789]';
const HEX4 = '[0-9a-fA-F]{1,4}';

/** The rules, in order: a later rule sees the placeholders of the earlier ones. */
export const NORMALIZE_RULES: readonly { name: string; re: RegExp; to: string | ((...m: string[]) => string) }[] = [
  { name: 'uid', re: /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g, to: '<uid>' },
  { name: 'mac', re: /\b[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}\b/g, to: '<mac>' },
  // Dates and times, before ages and addresses (15:04:05 is neither).
  { name: 'date', re: new RegExp(String.raw`\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2}|\s?UTC)?)?\b`, 'g'), to: '<date>' },
  { name: 'date', re: new RegExp(String.raw`\b${DAY},?\s+\d{1,2}\s+${MONTH}\s+\d{4}\s+${HMS}${ZONE}?`, 'g'), to: '<date>' },
  { name: 'date', re: new RegExp(String.raw`\b(?:${DAY}\s+)?${MONTH}\s+\d{1,2}\s+${HMS}${ZONE}?(?:\s+\d{4})?\b`, 'g'), to: '<date>' },
  { name: 'date', re: new RegExp(String.raw`\b\d{1,2}/${MONTH}/\d{4}[: ]${HMS}(?:\s[+-]\d{4})?`, 'g'), to: '<date>' },
  { name: 'date', re: new RegExp(String.raw`\b${MONTH}\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4})\b`, 'g'), to: '<date>' },
  { name: 'time', re: new RegExp(String.raw`\b${HMS}\b`, 'g'), to: '<time>' },
  // IPv6: eight groups, or fewer with one `::` (also `::` alone and `::1`), optionally ending in IPv4.
  {
    name: 'ip',
    re: new RegExp(String.raw`(?<![\w:.])(?:(?:${HEX4}:){7}${HEX4}|(?:${HEX4}:){1,7}:|(?:${HEX4}:){1,6}:${HEX4}|(?:${HEX4}:){1,5}(?::${HEX4}){1,2}|(?:${HEX4}:){1,4}(?::${HEX4}){1,3}|(?:${HEX4}:){1,3}(?::${HEX4}){1,4}|(?:${HEX4}:){1,2}(?::${HEX4}){1,5}|${HEX4}:(?::${HEX4}){1,6}|:(?::${HEX4}){1,7}|::)(?:(?<=:)\d{1,3}(?:\.\d{1,3}){3})?(?:%\w+)?(?![\w:])`, 'g'),
    to: '<ip>',
  },
  { name: 'ip', re: /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?!\w|\.\d)/g, to: '<ip>' },
  // Ports the OS chose (Linux's ephemeral range starts at 32768) and Kubernetes node ports (30000-32767).
  { name: 'port', re: /((?:<ip>|\blocalhost|\*|\])\]?:)(3276[89]|327[7-9]\d|32[89]\d\d|3[3-9]\d{3}|[4-5]\d{4}|6[0-5]\d{3})\b/g, to: '$1<port>' },
  { name: 'port', re: /\b(\d{1,5}:)(3[0-2]\d{3})(\/(?:TCP|UDP|SCTP))\b/g, to: '$1<port>$3' },
  { name: 'version', re: /(\bresourceVersion"?\s*[:=]\s*"?)\d+/g, to: '$1<n>' },
  // Generated names: a Deployment's pods (`-<pod-template-hash>-<5>`), ReplicaSets (`-<hash>` with a digit), other pods (`-<5>`).
  { name: 'name', re: new RegExp(String.raw`\b([a-z0-9](?:[-a-z0-9.]{0,62}[a-z0-9])?)-${K8S}{6,10}-${K8S}{5}\b`, 'g'), to: '$1-<hash>-<id>' },
  { name: 'name', re: new RegExp(String.raw`\b([a-z0-9](?:[-a-z0-9.]{0,62}[a-z0-9])?)-(?=${K8S}*\d)${K8S}{8,10}\b`, 'g'), to: '$1-<hash>' },
  { name: 'name', re: new RegExp(String.raw`\b([a-z0-9](?:[-a-z0-9.]{0,62}[a-z0-9])?)-${K8S}{5}\b`, 'g'), to: '$1-<id>' },
  // Commit, image and container ids: hex with a digit and a letter, 7 to 64 long.
  { name: 'hash', re: /\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,64}\b/g, to: '<hash>' },
  // Ages and durations: 5m3s, 2d, 37h, 0.03s, 1.5 ms, <invalid> (kubectl's age of a clock skew).
  { name: 'age', re: /<invalid>|\b\d+(?:\.\d+)?(?:ms|µs|us|ns|s|m|h|d|y)(?:\d+(?:\.\d+)?(?:ms|µs|us|ns|s|m|h|d))*\b|\b\d+\.\d+\s(?:ms|µs|us|ns|s)\b/g, to: '<age>' },
];

/** One line with its volatile parts replaced and its spacing made canonical (leading indentation kept, runs of blanks as one space, none at the end). */
export function normalizeLine(line: string, opts: NormalizeOptions = {}): string {
  let s = line.replace(/\r/g, '');
  for (const re of opts.ignore ?? []) s = s.replace(re, '<ignored>');
  for (const rule of NORMALIZE_RULES) s = s.replace(rule.re, rule.to as string);
  // Tables are compared by cells: a wider value elsewhere in its column must not make a difference.
  const indent = /^[ \t]*/.exec(s)![0];
  return indent + s.slice(indent.length).replace(/[ \t]+/g, ' ').trimEnd();
}

/** The lines normalized, with leading and trailing blank lines dropped. */
export function normalizeOutput(lines: readonly string[], opts: NormalizeOptions = {}): string[] {
  const out = lines.map((l) => normalizeLine(l, opts));
  while (out.length && out[0] === '') out.shift();
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}
