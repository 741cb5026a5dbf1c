/**
 * The builder's drawing surface: an SVG of the sections, rows and seats around the stage, with pan (drag with the
 * Pan tool, the middle button or Space held), zoom (wheel, buttons), drawing section rectangles, placing the
 * stage, selecting seats (click, Shift+click, rubber band) and moving them (drag a selected seat, arrow keys).
 * Sections are memoized: an edit redraws only the sections it changed, so a few thousand seats stay smooth.
 */
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { hitSeat, hitSection, parseSeatKey, seatPoints, seatsInRect, type LayoutDocument, type Section } from '../../seating/document';
import { panBy, rectFromCorners, zoomAt, type Point, type Rect, type ViewBox } from '../../seating/geometry';
import { plural } from '../../../ui/plural';

export type Tool = 'select' | 'draw' | 'stage' | 'pan';

const SEAT_R = 18;

type Drag =
  | { kind: 'pan'; startClient: Point; startView: ViewBox; scale: number }
  | { kind: 'select'; start: Point; current: Point; additive: boolean }
  | { kind: 'draw'; start: Point; current: Point }
  | { kind: 'move'; start: Point; current: Point; hit: string };

export type StageProps = {
  doc: LayoutDocument;
  view: ViewBox;
  onView: (v: ViewBox) => void;
  tool: Tool;
  selection: ReadonlySet<string>;
  onSelect: (keys: Set<string>, additive: boolean) => void;
  activeSection: number | undefined;
  onActiveSection: (s: number | undefined) => void;
  onDrawSection: (r: Rect) => void;
  onPlaceStage: (p: Point) => void;
  onMoveSelection: (dx: number, dy: number) => void;
  onDeleteSelection: () => void;
  /** Seats the server complained about, by section. */
  errorSeats: ReadonlyMap<number, ReadonlySet<string>>;
  errorSections: ReadonlySet<number>;
};

function toLayout(svg: SVGSVGElement, clientX: number, clientY: number): Point {
  const m = svg.getScreenCTM();
  if (!m) return { x: 0, y: 0 };
  const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
  return { x: p.x, y: p.y };
}

/** Layout units per screen pixel (the SVG keeps its aspect ratio: the larger ratio wins). */
function unitsPerPixel(svg: SVGSVGElement, view: ViewBox): number {
  const w = svg.clientWidth || 1;
  const h = svg.clientHeight || 1;
  return Math.max(view.width / w, view.height / h);
}

export function Stage(props: StageProps) {
  const { doc, view, onView, tool, selection } = props;
  const svgRef = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const viewRef = useRef(view);
  viewRef.current = view;

  const points = useMemo(() => seatPoints(doc), [doc]);
  const nearest = useMemo(() => points.reduce((m, p) => Math.min(m, Math.hypot(p.x - doc.focal.x, p.y - doc.focal.y)), Infinity), [points, doc.focal]);
  const colors = useMemo(() => new Map(doc.categories.map((c) => [c.key, c.color])), [doc.categories]);
  const showSeatLabels = view.width < 2500;

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const at = toLayout(svg, e.clientX, e.clientY);
      onView(zoomAt(viewRef.current, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), at));
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [onView]);

  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    const svg = svgRef.current!;
    svg.focus({ preventScroll: true });
    const p = toLayout(svg, e.clientX, e.clientY);
    if (tool === 'pan' || spaceHeld || e.button === 1) {
      svg.setPointerCapture(e.pointerId);
      setDrag({ kind: 'pan', startClient: { x: e.clientX, y: e.clientY }, startView: view, scale: unitsPerPixel(svg, view) });
      return;
    }
    if (e.button !== 0) return;
    if (tool === 'stage') {
      props.onPlaceStage(p);
      return;
    }
    svg.setPointerCapture(e.pointerId);
    if (tool === 'draw') {
      setDrag({ kind: 'draw', start: p, current: p });
      return;
    }
    const radius = Math.max(SEAT_R + 4, 8 * unitsPerPixel(svg, view));
    const hit = hitSeat(points, p, radius);
    const additive = e.shiftKey || e.ctrlKey || e.metaKey;
    if (hit) {
      props.onActiveSection(parseSeatKey(hit).s);
      if (additive) {
        props.onSelect(new Set([hit]), true);
        return;
      }
      if (!selection.has(hit)) props.onSelect(new Set([hit]), false);
      setDrag({ kind: 'move', start: p, current: p, hit });
      return;
    }
    setDrag({ kind: 'select', start: p, current: p, additive });
  };

  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    if (!drag) return;
    if (drag.kind === 'pan') {
      const dx = (e.clientX - drag.startClient.x) * drag.scale;
      const dy = (e.clientY - drag.startClient.y) * drag.scale;
      onView(panBy(drag.startView, -dx, -dy));
      return;
    }
    const p = toLayout(svgRef.current!, e.clientX, e.clientY);
    setDrag({ ...drag, current: p });
  };

  const onPointerUp = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag;
    setDrag(null);
    if (!d || d.kind === 'pan') return;
    const svg = svgRef.current!;
    if (svg.hasPointerCapture(e.pointerId)) svg.releasePointerCapture(e.pointerId);
    const p = toLayout(svg, e.clientX, e.clientY);
    const minDrag = 4 * unitsPerPixel(svg, view);
    const moved = Math.hypot(p.x - d.start.x, p.y - d.start.y) > minDrag;
    if (d.kind === 'draw') {
      if (moved) props.onDrawSection(rectFromCorners(d.start, p));
      return;
    }
    if (d.kind === 'move') {
      if (moved) props.onMoveSelection(Math.round(p.x - d.start.x), Math.round(p.y - d.start.y));
      else if (selection.size > 1) props.onSelect(new Set([d.hit]), false);
      return;
    }
    if (moved) {
      props.onSelect(seatsInRect(points, rectFromCorners(d.start, p)), d.additive);
    } else {
      props.onActiveSection(hitSection(doc, p));
      if (!d.additive) props.onSelect(new Set(), false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>) => {
    if (e.key === ' ') {
      e.preventDefault();
      setSpaceHeld(true);
      return;
    }
    const step = e.shiftKey ? 50 : 10;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      if (selection.size) props.onMoveSelection(move[0], move[1]);
      else {
        const u = unitsPerPixel(svgRef.current!, view) * 40;
        onView(panBy(view, move[0] === 0 ? 0 : Math.sign(move[0]) * u, move[1] === 0 ? 0 : Math.sign(move[1]) * u));
      }
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      if (selection.size) {
        e.preventDefault();
        props.onDeleteSelection();
      }
    } else if (e.key === 'Escape') {
      props.onSelect(new Set(), false);
    } else if (e.key === '+' || e.key === '=') {
      onView(zoomAt(view, 1.25));
    } else if (e.key === '-') {
      onView(zoomAt(view, 0.8));
    }
  };

  const sectionErrors = props.errorSeats;
  const cursor = tool === 'pan' || spaceHeld ? (drag?.kind === 'pan' ? 'grabbing' : 'grab') : tool === 'select' ? 'default' : 'crosshair';
  const band = drag && (drag.kind === 'select' || drag.kind === 'draw') ? rectFromCorners(drag.start, drag.current) : null;
  const offset = drag?.kind === 'move' ? { x: drag.current.x - drag.start.x, y: drag.current.y - drag.start.y } : { x: 0, y: 0 };
  const stats = points.length;

  return (
    <svg
      ref={svgRef}
      className="stage"
      viewBox={`${view.x} ${view.y} ${view.width} ${view.height}`}
      role="application"
      aria-roledescription="seating plan"
      aria-label={`Seating plan, ${plural(stats, 'seat')}. Drag to select seats; arrow keys move the selected seats, Delete removes them. Everything here can also be done with the forms beside the plan.`}
      tabIndex={0}
      style={{ cursor }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => setDrag(null)}
      onKeyDown={onKeyDown}
      onKeyUp={(e) => e.key === ' ' && setSpaceHeld(false)}
      onBlur={() => setSpaceHeld(false)}
    >
      <StageMark focal={doc.focal} nearest={nearest} />
      {doc.sections.map((section, s) => (
        <SectionShape
          key={s}
          section={section}
          active={props.activeSection === s}
          invalid={props.errorSections.has(s)}
          colors={colors}
          errors={sectionErrors.get(s)}
          s={s}
          showSeatLabels={showSeatLabels}
        />
      ))}
      <g className="selection" transform={`translate(${offset.x} ${offset.y})`}>
        {[...selection].map((key) => {
          const { s, r, k } = parseSeatKey(key);
          const seat = doc.sections[s]?.rows[r]?.seats[k];
          return seat ? <circle key={key} cx={seat.x} cy={seat.y} r={SEAT_R + 6} /> : null;
        })}
      </g>
      {band && <rect className={drag?.kind === 'draw' ? 'draw-band' : 'select-band'} x={band.x} y={band.y} width={band.width} height={band.height} />}
    </svg>
  );
}

/** The stage, drawn at the focal point: larger for a stadium (its seats far away) than for a studio. */
function StageMark({ focal, nearest }: { focal: Point; nearest: number }) {
  const half = Math.max(300, Math.min(5000, Number.isFinite(nearest) ? nearest * 0.4 : 300));
  const h = half * 0.27;
  return (
    <g className="stage-mark" aria-hidden="true">
      <rect x={focal.x - half} y={focal.y - h} width={half * 2} height={h * 2} rx={h / 4} />
      <text x={focal.x} y={focal.y + h * 0.18} textAnchor="middle" fontSize={h * 0.6} letterSpacing={h / 10}>
        STAGE
      </text>
    </g>
  );
}

const SectionShape = memo(function SectionShape({
  section,
  s,
  active,
  invalid,
  colors,
  errors,
  showSeatLabels,
}: {
  section: Section;
  s: number;
  active: boolean;
  invalid: boolean;
  colors: ReadonlyMap<string, string>;
  errors: ReadonlySet<string> | undefined;
  showSeatLabels: boolean;
}) {
  const b = section.bounds;
  const first = section.rows[0]?.seats[0];
  const labelAt = b ? { x: b.x + 4, y: b.y - 14 } : first ? { x: first.x, y: first.y - 60 } : { x: 0, y: 0 };
  return (
    <g className={`section${active ? ' active' : ''}${invalid ? ' invalid' : ''}`} aria-hidden="true">
      {b && <rect className="section-bounds" x={b.x} y={b.y} width={b.width} height={b.height} rx={12} />}
      <text className="section-label" x={labelAt.x} y={labelAt.y}>
        {section.key === section.name ? section.key : `${section.key} · ${section.name}`}
      </text>
      {section.rows.map((row, r) => {
        const head = row.seats[0];
        return (
          <g key={r}>
            {head && (
              <text className="row-label" x={head.x - SEAT_R - 10} y={head.y + 9} textAnchor="end">
                {row.label}
              </text>
            )}
            {row.seats.map((seat, k) => {
              const color = colors.get(seat.category) ?? '#9ca3af';
              const err = errors?.has(`${s}:${r}:${k}`);
              const cls = `seat${seat.notForSale ? ' nfs' : ''}${seat.restrictedView ? ' rv' : ''}${err ? ' err' : ''}`;
              const fill = seat.notForSale ? '#fff' : color;
              return (
                <g key={k}>
                  {seat.accessible ? (
                    <rect className={cls} x={seat.x - SEAT_R} y={seat.y - SEAT_R} width={SEAT_R * 2} height={SEAT_R * 2} rx={4} fill={fill} stroke={color} />
                  ) : (
                    <circle className={cls} cx={seat.x} cy={seat.y} r={SEAT_R} fill={fill} stroke={color} />
                  )}
                  {showSeatLabels && (
                    <text className="seat-label" x={seat.x} y={seat.y + 6} textAnchor="middle" fill={seat.notForSale ? color : '#fff'}>
                      {seat.label}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        );
      })}
    </g>
  );
});

