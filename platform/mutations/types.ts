/**
 * A seeded mutation of the reference platform (REFERENCE_MUTATIONS), for the project's own tests that prove the
 * suite catches it: a regression seeded into a profile, or a recorded bug "fixed" under one. Each is a small wrapper
 * of what it breaks — the profile, a chat turn's steps, a dialog's steps, a route of the server — or, for the page,
 * a wrapper of the page's steps in page.js. apply.ts applies them, in one place (the page's, page.js itself).
 */

/** A mutation that wraps `T`: what it breaks, and the wrapper. */
export interface Wrapper<T> {
  /** What it breaks, in a sentence (the project's tests and docs show it). */
  what: string;
  wrap(target: T): T;
}
