/** Which fonts Chromium really drew a node's text with (DevTools CSS.getPlatformFontsForNode), for the no-empty-box checks. */
import type { Page } from 'puppeteer-core';

/** A font that drew some of the text: `custom` when it came from the page's @font-face (a bundled font). */
export interface UsedFont { family: string; custom: boolean; glyphs: number }

/** The fonts used by every text node under the elements matching `selector`. */
export async function fontsUsed(page: Page, selector: string): Promise<UsedFont[]> {
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const doc = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: doc.root.nodeId, selector });
    const seen = new Map<string, UsedFont>();
    for (const nodeId of nodeIds) {
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      for (const f of fonts) {
        const prev = seen.get(f.familyName);
        seen.set(f.familyName, { family: f.familyName, custom: f.isCustomFont, glyphs: (prev?.glyphs ?? 0) + f.glyphCount });
      }
    }
    return [...seen.values()];
  } finally {
    await cdp.detach();
  }
}
