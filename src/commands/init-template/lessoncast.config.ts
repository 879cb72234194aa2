import { defineConfig } from 'lessoncast';

// Every key is optional; `lessoncast lint` checks them (docs: the README of lessoncast).
export default defineConfig({
  title: 'My course',
  voice: { engine: 'festival', voice: 'cmu_us_slt_arctic_hts' },
  theme: 'blue',
  lexicon: 'lexicon.yml',
});
