import { defineConfig } from 'lessoncast';

export default defineConfig({
  title: 'Kubernetes Networking',
  // No engine named: the neural voice when installed (scripts/setup.sh installs it), else festival.
  voice: { rate: 1 },
  lexicon: 'lexicon.yml',
});
