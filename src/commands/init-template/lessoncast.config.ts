import { defineConfig } from 'lessoncast';

// Every key is optional; `lessoncast lint` checks them (docs: the README of lessoncast).
export default defineConfig({
  title: 'My course',
  // No engine named: the neural voice when installed (lessoncast voices add en_US-joe-medium), else festival.
  voice: { rate: 1 },
  theme: 'blue',
  lexicon: 'lexicon.yml',
});
