/** Puppeteer must not download its own browser here: lessoncast resolves one itself (see src/adapters/browser.ts). */
module.exports = { skipDownload: true };
