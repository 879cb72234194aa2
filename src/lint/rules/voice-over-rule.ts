/** `voice-over-unmatched` in lint: the narration's own finding (src/narrate/voice-over-findings.ts), one implementation. */
export { voiceOverFindings as voiceOverRule } from '../../narrate/voice-over-findings.ts';
