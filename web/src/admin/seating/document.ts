/**
 * Editing a layout document (src/domains/layouts/document.ts) without React: every operation takes a document and
 * answers a new one (sections and rows it did not touch keep their identity, so the stage redraws only what
 * changed), or throws an EditError naming the field to blame. Seats are referred to by position, "s:r:k" (section,
 * row and seat index); a selection is a set of those.
 */
export * from './document/core';
export * from './document/categories';
export * from './document/sections';
export * from './document/rows';
export * from './document/seats';
export * from './document/ga-areas';
export * from './document/json';
export { nextLabel } from './labels';
