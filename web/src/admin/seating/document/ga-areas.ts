/** Editing a layout's general-admission areas and the stage (focal) position. */
import { type Point } from '../geometry';
import { type LayoutDocument, type GaArea, LIMITS, EditError, checkLabel, checkName } from './core';

export function addGaArea(doc: LayoutDocument, area: GaArea): LayoutDocument {
  const key = area.key.trim();
  checkLabel('key', key);
  if (doc.gaAreas.some((a) => a.key === key)) throw new EditError('key', `There is already an area with key '${key}'`);
  if (doc.sections.some((s) => s.key === key)) throw new EditError('key', `'${key}' is a section's key; give the area its own`);
  checkName('name', area.name);
  checkCapacity(area.capacity);
  if (doc.gaAreas.length >= LIMITS.gaAreas) throw new EditError('key', `A layout has at most ${LIMITS.gaAreas} general-admission areas`);
  return { ...doc, gaAreas: [...doc.gaAreas, { key, name: area.name.trim(), capacity: area.capacity }] };
}

function checkCapacity(capacity: number) {
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1_000_000) throw new EditError('capacity', 'Use a whole number from 1 to 1,000,000');
}

export function updateGaArea(doc: LayoutDocument, index: number, patch: Partial<GaArea>): LayoutDocument {
  const old = doc.gaAreas[index];
  if (!old) return doc;
  const next = { ...old, ...patch };
  if (patch.key !== undefined) {
    next.key = patch.key.trim();
    checkLabel('key', next.key);
    if (doc.gaAreas.some((a, i) => i !== index && a.key === next.key)) throw new EditError('key', `There is already an area with key '${next.key}'`);
    if (doc.sections.some((s) => s.key === next.key)) throw new EditError('key', `'${next.key}' is a section's key`);
  }
  if (patch.name !== undefined) {
    checkName('name', patch.name);
    next.name = patch.name.trim();
  }
  if (patch.capacity !== undefined) checkCapacity(patch.capacity);
  return { ...doc, gaAreas: doc.gaAreas.map((a, i) => (i === index ? next : a)) };
}

export function removeGaArea(doc: LayoutDocument, index: number): LayoutDocument {
  return { ...doc, gaAreas: doc.gaAreas.filter((_, i) => i !== index) };
}

export function suggestGaKey(doc: LayoutDocument): string {
  const taken = new Set([...doc.gaAreas.map((a) => a.key), ...doc.sections.map((s) => s.key)]);
  for (let i = 1; ; i++) {
    const key = i === 1 ? 'GA' : `GA${i}`;
    if (!taken.has(key)) return key;
  }
}

/* ---- The stage ---- */

export function setFocal(doc: LayoutDocument, p: Point): LayoutDocument {
  const x = Math.round(p.x);
  const y = Math.round(p.y);
  if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 1_000_000 || Math.abs(y) > 1_000_000) {
    throw new EditError('focal', 'Use numbers between -1,000,000 and 1,000,000');
  }
  return { ...doc, focal: { x, y } };
}

/* ---- Import ---- */
