/**
 * Label sequences for rows, seats and sections: "1, 2, 3", "1, 3, 5" (odd numbering), "A, B, … Z, AA, AB",
 * "a, b, c", or a prefix with a number ("A1, A2" or "Box 9, Box 10"). A label is what is printed on the ticket, so
 * sequences never produce anything the layout document refuses (1–16 letters, digits, spaces or . _ ' -).
 */

/** The layout document's label rule (src/domains/layouts/document.ts LabelSchema). */
export const LABEL_PATTERN = /^[\p{L}\p{N}._'-](?:[\p{L}\p{N} ._'-]{0,14}[\p{L}\p{N}._'-])?$/u;

export function isValidLabel(label: string): boolean {
  return LABEL_PATTERN.test(label);
}

/** 0 → A, 25 → Z, 26 → AA, 27 → AB … (as on stadium tickets). */
export function lettersFor(index: number, lower = false): string {
  let label = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) label = String.fromCharCode(65 + ((n - 1) % 26)) + label;
  return lower ? label.toLowerCase() : label;
}

/** A → 0, Z → 25, AA → 26; undefined when not letters only. */
export function indexOfLetters(letters: string): number | undefined {
  if (!/^[A-Za-z]+$/.test(letters)) return undefined;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

type Parsed = { kind: 'number'; prefix: string; value: number; width: number } | { kind: 'letters'; value: number; lower: boolean };

function parse(start: string): Parsed | undefined {
  const s = start.trim();
  const letters = indexOfLetters(s);
  if (letters !== undefined && s.length <= 3) return { kind: 'letters', value: letters, lower: s === s.toLowerCase() };
  const m = /^(.*?)(\d+)$/.exec(s);
  if (m) return { kind: 'number', prefix: m[1]!, value: Number(m[2]), width: m[2]!.startsWith('0') ? m[2]!.length : 0 };
  return undefined;
}

/**
 * `count` labels starting at `start`, each `step` further on ("1" step 2 → 1, 3, 5). Letters go A … Z, AA …;
 * a step that would run below the first label (counting down) stops at it. Throws for a start that is not a
 * number, letters (up to 3) or text ending in a number.
 */
export function labelSequence(start: string, count: number, step = 1): string[] {
  const p = parse(start);
  if (!p) throw new Error(`Start with a number (1), letters (A) or text ending in a number (A1), not '${start}'`);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const v = p.value + i * step;
    if (v < 0) throw new Error(`Counting ${step < 0 ? 'down' : 'up'} from ${start} runs out after ${i} labels`);
    if (p.kind === 'letters') out.push(lettersFor(v, p.lower));
    else out.push(p.prefix + String(v).padStart(p.width, '0'));
  }
  return out;
}

/** The label after `label` (B after A, 11 after 10, A2 after A1); "1" when there is no previous label or it has no successor. */
export function nextLabel(label: string | undefined, fallback = '1'): string {
  if (!label) return fallback;
  try {
    return labelSequence(label, 2)[1]!;
  } catch {
    return fallback;
  }
}

/** The next free label after the highest of `existing` in the same style, or `first` when none. */
export function nextFreeLabel(existing: readonly string[], first: string): string {
  const taken = new Set(existing);
  let candidate = existing.length ? nextLabel(existing.at(-1), first) : first;
  for (let i = 0; taken.has(candidate) && i < 10_000; i++) candidate = nextLabel(candidate, `${first}${i + 2}`);
  return candidate;
}
