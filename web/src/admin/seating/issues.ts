/**
 * The server's complaints about a layout document arrive as field errors with paths such as
 * "body.sections.0.rows.1.seats.3.category". This places each one: on the layout's name, the stage, a category, a
 * section, a row, a seat or a general-admission area, and says where that is in words the organizer uses
 * ("Section A, row B, seat 4").
 */
import type { LayoutDocument } from './document';
import { seatKey } from './document';

export type Issue = { path: string; message: string };

export type IssueTarget =
  | { kind: 'name' }
  | { kind: 'focal'; field?: string }
  | { kind: 'categories' }
  | { kind: 'category'; index: number; field?: string }
  | { kind: 'sections' }
  | { kind: 'section'; s: number; field?: string }
  | { kind: 'row'; s: number; r: number; field?: string }
  | { kind: 'seat'; s: number; r: number; k: number; field?: string }
  | { kind: 'gaAreas' }
  | { kind: 'gaArea'; index: number; field?: string }
  | { kind: 'document' };

const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

export function parseIssuePath(path: string): IssueTarget {
  const parts = path.replace(/^(body|json)\.?/, '').split('.').filter(Boolean);
  const [head, a, b, c, d, e, f] = parts;
  switch (head) {
    case 'name':
      return { kind: 'name' };
    case 'focal':
      return { kind: 'focal', field: a };
    case 'categories': {
      const index = num(a);
      return index === undefined ? { kind: 'categories' } : { kind: 'category', index, field: b };
    }
    case 'gaAreas': {
      const index = num(a);
      return index === undefined ? { kind: 'gaAreas' } : { kind: 'gaArea', index, field: b };
    }
    case 'sections': {
      const s = num(a);
      if (s === undefined) return { kind: 'sections' };
      if (b !== 'rows') return { kind: 'section', s, field: b };
      const r = num(c);
      if (r === undefined) return { kind: 'section', s, field: 'rows' };
      if (d !== 'seats') return { kind: 'row', s, r, field: d };
      const k = num(e);
      if (k === undefined) return { kind: 'row', s, r, field: 'seats' };
      return { kind: 'seat', s, r, k, field: f };
    }
    default:
      return { kind: 'document' };
  }
}

const FIELD_WORDS: Record<string, string> = {
  key: 'key',
  name: 'name',
  color: 'colour',
  label: 'label',
  category: 'category',
  capacity: 'capacity',
  bounds: 'bounds',
  x: 'position',
  y: 'position',
  rows: 'rows',
  seats: 'seats',
};

/** Where an issue is, in the organizer's words: "Section A, row B, seat 4 (category)". */
export function describeTarget(doc: LayoutDocument, t: IssueTarget): string {
  const field = 'field' in t && t.field ? ` (${FIELD_WORDS[t.field] ?? t.field})` : '';
  const section = (s: number) => `Section ${doc.sections[s]?.key ?? `#${s + 1}`}`;
  const row = (s: number, r: number) => `row ${doc.sections[s]?.rows[r]?.label ?? `#${r + 1}`}`;
  switch (t.kind) {
    case 'name':
      return 'Layout name';
    case 'focal':
      return `Stage position${field}`;
    case 'categories':
      return 'Categories';
    case 'category':
      return `Category ${doc.categories[t.index]?.name || `#${t.index + 1}`}${field}`;
    case 'sections':
      return 'Sections';
    case 'section':
      return `${section(t.s)}${field}`;
    case 'row':
      return `${section(t.s)}, ${row(t.s, t.r)}${field}`;
    case 'seat':
      return `${section(t.s)}, ${row(t.s, t.r)}, seat ${doc.sections[t.s]?.rows[t.r]?.seats[t.k]?.label ?? `#${t.k + 1}`}${field}`;
    case 'gaAreas':
      return 'General admission';
    case 'gaArea':
      return `Area ${doc.gaAreas[t.index]?.name || `#${t.index + 1}`}${field}`;
    default:
      return 'Layout';
  }
}

export type PlacedIssue = Issue & { target: IssueTarget; where: string };

/** The issues sorted into the places the builder shows them. */
export function placeIssues(doc: LayoutDocument, issues: readonly Issue[]) {
  const placed: PlacedIssue[] = issues.map((i) => {
    const target = parseIssuePath(i.path);
    return { ...i, target, where: describeTarget(doc, target) };
  });
  const forSection = new Map<number, PlacedIssue[]>();
  const forCategory = new Map<number, PlacedIssue[]>();
  const forGaArea = new Map<number, PlacedIssue[]>();
  const seats = new Set<string>();
  const sections = new Set<number>();
  const name: PlacedIssue[] = [];
  const focal: PlacedIssue[] = [];
  const lists = { categories: [] as PlacedIssue[], sections: [] as PlacedIssue[], gaAreas: [] as PlacedIssue[], document: [] as PlacedIssue[] };
  const push = <K,>(m: Map<K, PlacedIssue[]>, k: K, i: PlacedIssue) => m.set(k, [...(m.get(k) ?? []), i]);
  for (const i of placed) {
    const t = i.target;
    switch (t.kind) {
      case 'name':
        name.push(i);
        break;
      case 'focal':
        focal.push(i);
        break;
      case 'category':
        push(forCategory, t.index, i);
        break;
      case 'gaArea':
        push(forGaArea, t.index, i);
        break;
      case 'section':
      case 'row':
      case 'seat':
        push(forSection, t.s, i);
        sections.add(t.s);
        if (t.kind === 'seat') seats.add(seatKey(t.s, t.r, t.k));
        break;
      case 'categories':
      case 'sections':
      case 'gaAreas':
      case 'document':
        lists[t.kind].push(i);
        break;
    }
  }
  return { all: placed, name, focal, forSection, forCategory, forGaArea, seats, sections, lists };
}
export type PlacedIssues = ReturnType<typeof placeIssues>;

/** The seats an issue is about (a seat, a whole row or a whole section), to select and show them on the stage. */
export function issueSeats(doc: LayoutDocument, t: IssueTarget): Set<string> {
  const out = new Set<string>();
  if (t.kind === 'seat') out.add(seatKey(t.s, t.r, t.k));
  else if (t.kind === 'row') doc.sections[t.s]?.rows[t.r]?.seats.forEach((_, k) => out.add(seatKey(t.s, t.r, k)));
  else if (t.kind === 'section') doc.sections[t.s]?.rows.forEach((row, r) => row.seats.forEach((_, k) => out.add(seatKey(t.s, r, k))));
  return out;
}
