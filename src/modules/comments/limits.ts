// The comments' limits, named once: the schemas that enforce them, the views that show them and the island
// that asks for pages all read them here.
export const BODY_MAX = 5000;
export const NAME_MAX = 80;
export const EMAIL_MAX = 254;
/** Top-level threads on a page of comments (the article page, the API's default). */
export const THREADS_PER_PAGE = 20;
/** The most threads the API gives in one page. */
export const THREADS_PER_PAGE_MAX = 100;
export const REPORT_NOTE_MAX = 500;
