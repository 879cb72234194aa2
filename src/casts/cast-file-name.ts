/** File names of recorded casts: `NN-<short-kebab-of-command>.cast`, sorted in command order. */

/** `castFileName(3, 'kubectl get pods -o wide', 12)` → `03-kubectl-get-pods-o-wide.cast`. */
export function castFileName(number: number, command: string, total: number): string {
  const width = Math.max(2, String(total).length);
  return `${String(number).padStart(width, '0')}-${shortKebab(command)}.cast`;
}

/** The first words of a command in kebab-case, at most `max` characters, cut at a word boundary. */
export function shortKebab(command: string, max = 40): string {
  const words = command.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  let out = '';
  for (const w of words) {
    const next = out ? `${out}-${w}` : w;
    if (next.length > max) break;
    out = next;
  }
  return out || (words[0] ?? 'command').slice(0, max) || 'command';
}
