/** Editing a layout's categories: add, update, remove (reassigning seats), suggest the next one. */
import { nextFreeLabel } from '../labels';
import { type LayoutDocument, type Category, LIMITS, EditError, checkLabel, checkName } from './core';
import { mapSeats } from './seats';

export function addCategory(doc: LayoutDocument, c: Category): LayoutDocument {
  const category = { key: c.key.trim(), name: c.name.trim(), color: c.color };
  checkLabel('key', category.key);
  if (doc.categories.some((x) => x.key === category.key)) throw new EditError('key', `There is already a category with key '${category.key}'`);
  checkName('name', category.name);
  if (!/^#[0-9a-fA-F]{6}$/.test(category.color)) throw new EditError('color', 'Use a colour like #1a2b3c');
  if (doc.categories.length >= LIMITS.categories) throw new EditError('key', `A layout has at most ${LIMITS.categories} categories`);
  return { ...doc, categories: [...doc.categories, category] };
}

/** Changes a category; a new key is carried over to every seat of the category. */
export function updateCategory(doc: LayoutDocument, index: number, patch: Partial<Category>): LayoutDocument {
  const old = doc.categories[index];
  if (!old) return doc;
  const next = { ...old, ...patch };
  if (patch.key !== undefined) {
    next.key = patch.key.trim();
    checkLabel('key', next.key);
    if (doc.categories.some((x, i) => i !== index && x.key === next.key)) throw new EditError('key', `There is already a category with key '${next.key}'`);
  }
  if (patch.name !== undefined) checkName('name', next.name);
  if (patch.color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(next.color)) throw new EditError('color', 'Use a colour like #1a2b3c');
  const categories = doc.categories.map((c, i) => (i === index ? next : c));
  if (next.key === old.key) return { ...doc, categories };
  return mapSeats({ ...doc, categories }, (seat) => (seat.category === old.key ? { ...seat, category: next.key } : seat));
}

export function categoryUse(doc: LayoutDocument, key: string): number {
  let n = 0;
  for (const section of doc.sections) for (const row of section.rows) for (const seat of row.seats) if (seat.category === key) n++;
  return n;
}

/** Removes a category no seat uses (or, with `reassignTo`, moves its seats to another category first). */
export function removeCategory(doc: LayoutDocument, index: number, reassignTo?: string): LayoutDocument {
  const old = doc.categories[index];
  if (!old) return doc;
  const used = categoryUse(doc, old.key);
  let out = doc;
  if (used > 0) {
    if (!reassignTo || reassignTo === old.key || !doc.categories.some((c) => c.key === reassignTo)) {
      throw new EditError('category', `${used} seat${used === 1 ? '' : 's'} use ${old.name}; give them another category first`);
    }
    out = mapSeats(doc, (seat) => (seat.category === old.key ? { ...seat, category: reassignTo } : seat));
  }
  return { ...out, categories: out.categories.filter((_, i) => i !== index) };
}

/** A distinct colour for the n-th category (the organizer can change it). */
export const PALETTE = ['#c0392b', '#2980b9', '#27ae60', '#8e44ad', '#d35400', '#16a085', '#2c3e50', '#b7950b', '#e84393', '#6d4c41'];
export function suggestCategory(doc: LayoutDocument): Category {
  const key = nextFreeLabel(
    doc.categories.map((c) => c.key).filter((k) => /^[a-z]{1,2}$/.test(k)),
    'a',
  );
  return { key, name: '', color: PALETTE[doc.categories.length % PALETTE.length]! };
}

/* ---- Sections ---- */

/** Everything drawn: sections' bounds and every seat. */
