/** Names made from text: narration ids, a title from a file name. */

const ACRONYMS = new Set(['dns', 'ip', 'api', 'http', 'https', 'yaml', 'json', 'cli', 'url', 'tcp', 'udp', 'tls', 'ssl', 'aws', 'gcp', 'vm', 'cpu', 'ui', 'id', 'html', 'css', 'sql', 'ssh', 'k8s']);

/** `pod-to-pod-networking` → "Pod to pod networking", `services-and-dns` → "Services and DNS". */
export function titleFromSlug(slug: string): string {
  const words = slug.split(/[-_\s]+/).filter(Boolean).map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  if (!words.length) return slug;
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return words.join(' ');
}

/** Kebab-case of the first words (at most 6 words, 40 characters): stable while the start is unchanged. */
export function narrationId(plain: string): string {
  const words = plain.toLowerCase().replace(/['’]/g, '').split(/[^a-z0-9]+/).filter(Boolean);
  let id = '';
  for (const w of words.slice(0, 6)) {
    const next = id ? `${id}-${w}` : w;
    if (next.length > 40) break;
    id = next;
  }
  return id || (words[0]?.slice(0, 40) ?? '') || 'narration';
}
