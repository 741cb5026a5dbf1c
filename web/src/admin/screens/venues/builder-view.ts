/** Where the seating builder's plan looks: the whole layout with its stage, or around some seats (pure). */
import { contentBounds, type LayoutDocument } from '../../seating/document';
import { fitView, type ViewBox } from '../../seating/geometry';

/** The plan's width over its height, or a landscape default before it is laid out. */
export function stageAspect(el: { clientWidth: number; clientHeight: number } | null): number {
  return el && el.clientHeight > 0 ? el.clientWidth / el.clientHeight : 1.6;
}

/** The whole layout in view, with room around the stage (its focal point). */
export function planView(d: LayoutDocument, aspect: number): ViewBox {
  const box = contentBounds(d);
  if (!box) return fitView(undefined, aspect);
  const x = Math.min(box.x, d.focal.x - 300);
  const y = Math.min(box.y, d.focal.y - 80);
  return fitView({ x, y, width: Math.max(box.x + box.width, d.focal.x + 300) - x, height: Math.max(box.y + box.height, d.focal.y + 80) - y }, aspect);
}

/** The seats `keys` ("section:row:seat" indexes) in view, or null when there are none. */
export function seatsView(doc: LayoutDocument, keys: Iterable<string>, aspect: number): ViewBox | null {
  const pts = [...keys].map((k) => {
    const [s, r, n] = k.split(':').map(Number);
    return doc.sections[s!]!.rows[r!]!.seats[n!]!;
  });
  if (!pts.length) return null;
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  return fitView({ x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) }, aspect, 300, 800);
}
