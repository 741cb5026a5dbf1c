/** Editing a layout's sections: add, update, remove, fit their bounds to their seats. */
import { boundingBox, integerRect, padRect, SECTION_PADDING, unionRect, type Rect } from '../geometry';
import { nextFreeLabel } from '../labels';
import { type LayoutDocument, type Section, LIMITS, EditError, checkLabel, checkName } from './core';

export function contentBounds(doc: LayoutDocument): Rect | undefined {
  let box: Rect | undefined;
  for (const section of doc.sections) {
    box = unionRect(box, section.bounds);
    for (const row of section.rows) box = unionRect(box, boundingBox(row.seats));
  }
  return box;
}

/** Where a section added without drawing goes: below everything there is (or in front of the stage), 6 × 3.6 m. */
export function defaultSectionBounds(doc: LayoutDocument): Rect {
  const box = contentBounds(doc);
  const width = 600;
  const height = 360;
  const top = box ? Math.max(box.y + box.height + 100, doc.focal.y + 200) : doc.focal.y + 200;
  return { x: Math.round(doc.focal.x - width / 2), y: Math.round(top), width, height };
}

export function suggestSectionKey(doc: LayoutDocument): string {
  const keys = doc.sections.map((s) => s.key).filter((k) => /^[A-Z]{1,2}$/.test(k));
  return nextFreeLabel(keys, 'A');
}

export function addSection(doc: LayoutDocument, input: { key: string; name?: string; bounds?: Rect }): LayoutDocument {
  const key = input.key.trim();
  checkLabel('key', key);
  if (doc.sections.some((s) => s.key === key)) throw new EditError('key', `There is already a section with key '${key}'`);
  if (doc.gaAreas.some((a) => a.key === key)) throw new EditError('key', `'${key}' is a general-admission area's key; give the section its own`);
  const name = (input.name ?? '').trim() || `Section ${key}`;
  checkName('name', name);
  if (doc.sections.length >= LIMITS.sections) throw new EditError('key', `A layout has at most ${LIMITS.sections} sections`);
  const bounds = integerRect(input.bounds ?? defaultSectionBounds(doc));
  return { ...doc, sections: [...doc.sections, { key, name, bounds, rows: [] }] };
}

export function updateSection(doc: LayoutDocument, s: number, patch: { key?: string; name?: string; bounds?: Rect }): LayoutDocument {
  const old = doc.sections[s];
  if (!old) return doc;
  const next = { ...old };
  if (patch.key !== undefined) {
    const key = patch.key.trim();
    checkLabel('key', key);
    if (doc.sections.some((x, i) => i !== s && x.key === key)) throw new EditError('key', `There is already a section with key '${key}'`);
    if (doc.gaAreas.some((a) => a.key === key)) throw new EditError('key', `'${key}' is a general-admission area's key`);
    next.key = key;
  }
  if (patch.name !== undefined) {
    checkName('name', patch.name);
    next.name = patch.name.trim();
  }
  if (patch.bounds) next.bounds = integerRect(patch.bounds);
  return replaceSection(doc, s, next);
}

export function removeSection(doc: LayoutDocument, s: number): LayoutDocument {
  return { ...doc, sections: doc.sections.filter((_, i) => i !== s) };
}

/** Bounds around the section's seats with some room; `shrink` false keeps any drawn area that is larger. */
export function fitBounds(section: Section, shrink = false): Section {
  const seats = boundingBox(section.rows.flatMap((r) => r.seats));
  if (!seats) return section;
  const around = padRect(seats, SECTION_PADDING);
  const bounds = integerRect(shrink ? around : (unionRect(section.bounds, around) ?? around));
  const b = section.bounds;
  if (b && b.x === bounds.x && b.y === bounds.y && b.width === bounds.width && b.height === bounds.height) return section;
  return { ...section, bounds };
}

export function replaceSection(doc: LayoutDocument, s: number, section: Section): LayoutDocument {
  return { ...doc, sections: doc.sections.map((x, i) => (i === s ? section : x)) };
}

/* ---- Rows ---- */
