import { defineConfig } from 'lessoncast';

export default defineConfig({
  title: 'Kubernetes Networking',
  voice: { engine: 'festival', voice: 'cmu_us_slt_arctic_hts', rate: 1 },
  lexicon: 'lexicon.yml',
});
