/** Text for engines that only read ASCII (festival, flite): typographic marks to plain ones, accents dropped. */

/** "It’s — café…" → "It's, cafe..." (festival and flite spell out or mangle non-ASCII characters). */
export function asciiText(text: string): string {
  return text
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/\s*[—–]\s*/g, ', ')
    .replace(/…/g, '...')
    .replace(/\u00a0/g, ' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
