/**
 * The seat map on a <canvas>: devicePixelRatio-sharp, pan by drag/touch, zoom by wheel/pinch/buttons/keys, a
 * tooltip on hover or tap. Drawing happens in requestAnimationFrame, at most once a frame, from the colour
 * batches (seatmap/draw.ts); nothing per seat ever becomes a React element. The canvas's accessible name says how
 * many seats are available and follows the live updates; the list view (SeatList) is the way to pick by keyboard.
 *
 * Timing goes to the Performance API (nothing on window): `seatmap:painted` once the first full picture is on
 * screen and the measure `seatmap:render` from `seatmap:data` (the seat-map JSON parsed, marked by the event page)
 * to it; every redraw is a `seatmap:draw` measure whose detail says whether it was a full draw or a moved snapshot
 * (`quick`) and how many seats it drew.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { Batch } from './seatmap/batches';
import { drawSeatMap } from './seatmap/draw';
import type { SeatGrid } from './seatmap/grid';
import type { SeatModel } from './seatmap/model';
import { clampPan, firstView, fitSeats, includePoint, panBy, seatNearestStage, toScreen, toWorld, touchFirst, TOUCH_SEAT_PX, zoomAt, zoomLimits, type View } from './seatmap/viewport';
import { useI18n } from './I18n';

type Props = {
  model: SeatModel;
  grid: SeatGrid;
  batches: readonly Batch[];
  /** Accessible name: "Seat map: N of M seats available". */
  summary: string;
  /** The tooltip text for a seat. */
  describe: (seat: number) => string;
  onPick: (seat: number) => void;
};

type Pointer = { x: number; y: number };

/** Above this many seats on screen, gestures move a snapshot of the last frame instead of redrawing every seat. */
const BLIT_ABOVE = 6_000;
/** `seatmap:draw` measures kept in the performance timeline (older ones are cleared). */
const DRAW_MEASURES_KEPT = 600;
let drawMeasures = 0;

/** Room around the map when fitting: 5 % of the shorter side, at least 16 CSS px. */
const fitPadding = (w: number, h: number) => Math.max(16, Math.min(w, h) * 0.05);

/** One redraw as a `seatmap:draw` measure (a timeline that can't take it simply goes without). */
function measureDraw(start: number, detail: { quick: boolean; drawn: number; seatPx?: number }) {
  try {
    if (++drawMeasures > DRAW_MEASURES_KEPT) {
      performance.clearMeasures('seatmap:draw');
      drawMeasures = 1;
    }
    performance.measure('seatmap:draw', { start, end: performance.now(), detail });
  } catch {
    /* no User Timing Level 3 */
  }
}

/** After the frame that shows the first full picture: `seatmap:painted`, and `seatmap:render` from the data. */
function markFirstPaint() {
  requestAnimationFrame(() => {
    try {
      performance.mark('seatmap:painted');
      performance.measure('seatmap:render', 'seatmap:data', 'seatmap:painted');
    } catch {
      /* no `seatmap:data` mark (or no User Timing): nothing to measure */
    }
  });
}

export function SeatMapCanvas({ model, grid, batches, summary, describe, onPick }: Props) {
  const { t } = useI18n();
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef<View | null>(null);
  const sizeRef = useRef({ w: 0, h: 0, dpr: 1 });
  /** What a resize keeps: the first view, the whole map (Fit), or where the buyer moved it. */
  const modeRef = useRef<'first' | 'whole' | 'moved'>('first');
  const [zoomedIn, setZoomedIn] = useState(false);
  const frameRef = useRef(0);
  const hoverRef = useRef(-1);
  const batchesRef = useRef(batches);
  const firstPaint = useRef(false);
  const pointers = useRef(new Map<number, Pointer>());
  const gesture = useRef<{ startX: number; startY: number; moved: boolean; pinchDist: number; mid: Pointer } | null>(null);
  const [tip, setTip] = useState<{ x: number; y: number; text: string } | null>(null);
  const cacheRef = useRef<{ canvas: HTMLCanvasElement; view: View; w: number; h: number; dpr: number; batches: readonly Batch[] } | null>(null);
  const quickRef = useRef(false);
  const idleRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const bounds = includePoint(model.bounds, model.focal.x, model.focal.y);

  /** The whole map (Fit, the 0 key), or (`first`) the first view: on a phone zoomed in to seats big enough to tap. */
  const fit = useCallback(
    (first = false) => {
      const { w, h } = sizeRef.current;
      if (!w || !h) return;
      if (!first) {
        viewRef.current = fitSeats(bounds, model.spacing, w, h, fitPadding(w, h));
        setZoomedIn(false);
        return;
      }
      const f = firstView(bounds, model.bounds, model.spacing, () => seatNearestStage(model), model.focal, w, h, fitPadding(w, h), touchFirst(w));
      viewRef.current = f.view;
      setZoomedIn(f.zoomed);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [model],
  );

  const limits = () => {
    const w = sizeRef.current.w || 1;
    const h = sizeRef.current.h || 1;
    return zoomLimits(fitSeats(bounds, model.spacing, w, h, fitPadding(w, h)), model.spacing);
  };

  const paint = useCallback(() => {
    frameRef.current = 0;
    const canvas = canvasRef.current;
    const view = viewRef.current;
    const { w, h, dpr } = sizeRef.current;
    if (!canvas || !view || !w || !h) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const t0 = performance.now();
    const cache = cacheRef.current;
    const quick = quickRef.current && cache !== null && cache.w === w && cache.h === h && cache.dpr === dpr && cache.batches === batchesRef.current;
    quickRef.current = false;
    if (quick) {
      // Mid-gesture on a big map: move and scale the last full frame (one drawImage), and redraw every seat once
      // the gesture pauses. Panning a stadium stays smooth even where the canvas is rasterised in software.
      const k = view.scale / cache.view.scale;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(cache.canvas, (view.tx - cache.view.tx * k) * dpr, (view.ty - cache.view.ty * k) * dpr, cache.canvas.width * k, cache.canvas.height * k);
      clearTimeout(idleRef.current);
      idleRef.current = setTimeout(() => {
        if (!frameRef.current) frameRef.current = requestAnimationFrame(paintRef.current);
      }, 140);
      measureDraw(t0, { quick: true, drawn: 0 });
      return;
    }
    const stats = drawSeatMap(ctx, { model, batches: batchesRef.current, view, width: w, height: h, dpr, hover: hoverRef.current, stageLabel: t.stage });
    if (stats.drawn > BLIT_ABOVE) {
      const c = cache?.canvas ?? document.createElement('canvas');
      if (c.width !== canvas.width || c.height !== canvas.height) {
        c.width = canvas.width;
        c.height = canvas.height;
      }
      c.getContext('2d')?.drawImage(canvas, 0, 0);
      cacheRef.current = { canvas: c, view, w, h, dpr, batches: batchesRef.current };
    } else cacheRef.current = null;
    measureDraw(t0, { quick: false, drawn: stats.drawn, seatPx: view.scale * model.spacing });
    if (!firstPaint.current) {
      firstPaint.current = true;
      markFirstPaint();
    }
  }, [model, t.stage]);
  const paintRef = useRef(paint);
  paintRef.current = paint;

  const request = useCallback(() => {
    if (!frameRef.current) frameRef.current = requestAnimationFrame(paint);
  }, [paint]);

  const showWhole = () => {
    fit();
    modeRef.current = 'whole';
    request();
  };

  useEffect(() => {
    batchesRef.current = batches;
    request();
  }, [batches, request]);

  // Size the backing store to CSS pixels × devicePixelRatio; refit until the buyer has moved the map themselves.
  useEffect(() => {
    const wrap = wrapRef.current;
    const canvas = canvasRef.current;
    if (!wrap || !canvas) return;
    const resize = () => {
      const rect = wrap.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(rect.width));
      const h = Math.max(1, Math.round(rect.height));
      sizeRef.current = { w, h, dpr };
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
      canvas.style.width = `${w}px`;
      canvas.style.height = `${h}px`;
      if (!viewRef.current || modeRef.current !== 'moved') fit(modeRef.current === 'first');
      // Paint now (not next frame): a resized canvas is blank until painted.
      paint();
    };
    resize();
    const ro = new ResizeObserver(resize);
    ro.observe(wrap);
    return () => ro.disconnect();
  }, [fit, paint]);

  useEffect(
    () => () => {
      cancelAnimationFrame(frameRef.current);
      clearTimeout(idleRef.current);
    },
    [],
  );

  /** `gesture`: part of a drag, pinch or wheel, which may be drawn from the last frame until it pauses. */
  const setView = (v: View, gesture = false) => {
    const { w, h } = sizeRef.current;
    viewRef.current = clampPan(v, bounds, w, h);
    modeRef.current = 'moved';
    if (gesture) quickRef.current = true;
    request();
  };

  const zoomBy = (factor: number, sx?: number, sy?: number, gesture = false) => {
    const v = viewRef.current;
    if (!v) return;
    const { w, h } = sizeRef.current;
    setView(zoomAt(v, factor, sx ?? w / 2, sy ?? h / 2, limits()), gesture);
  };

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = canvas.getBoundingClientRect();
      const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY;
      zoomBy(Math.exp(-dy * 0.0015), e.clientX - rect.left, e.clientY - rect.top, true);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  });

  const local = (e: { clientX: number; clientY: number }) => {
    const rect = canvasRef.current!.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };

  const hitTest = (sx: number, sy: number, touch: boolean) => {
    const v = viewRef.current;
    if (!v) return -1;
    const w = toWorld(v, sx, sy);
    // A finger needs a bigger target than a mouse: the nearest seat within ~24 CSS px of it (rows are often further
    // apart than seats, and a tap between two rows takes the nearer seat rather than nothing).
    const radius = Math.max(model.spacing * 0.55, (touch ? TOUCH_SEAT_PX : 6) / v.scale);
    return grid.nearest(w.x, w.y, Math.min(radius, model.spacing * 1.5));
  };

  const showTip = (seat: number) => {
    const v = viewRef.current;
    if (seat < 0 || !v) {
      setTip(null);
      return;
    }
    const p = toScreen(v, model.x[seat]!, model.y[seat]!);
    setTip({ x: p.x, y: p.y - model.spacing * v.scale * 0.6, text: describe(seat) });
  };

  const setHover = (seat: number) => {
    if (hoverRef.current === seat) return;
    hoverRef.current = seat;
    showTip(seat);
    request();
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = local(e);
    pointers.current.set(e.pointerId, p);
    if (pointers.current.size === 1) gesture.current = { startX: p.x, startY: p.y, moved: false, pinchDist: 0, mid: p };
    else if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()] as [Pointer, Pointer];
      gesture.current = { startX: p.x, startY: p.y, moved: true, pinchDist: Math.hypot(a.x - b.x, a.y - b.y), mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
    }
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const p = local(e);
    const prev = pointers.current.get(e.pointerId);
    if (!prev) {
      if (e.pointerType === 'mouse') setHover(hitTest(p.x, p.y, false));
      return;
    }
    pointers.current.set(e.pointerId, p);
    const g = gesture.current;
    const v = viewRef.current;
    if (!g || !v) return;
    if (pointers.current.size >= 2) {
      const [a, b] = [...pointers.current.values()] as [Pointer, Pointer];
      const dist = Math.hypot(a.x - b.x, a.y - b.y);
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      let next = panBy(v, mid.x - g.mid.x, mid.y - g.mid.y);
      if (g.pinchDist > 0) next = zoomAt(next, dist / g.pinchDist, mid.x, mid.y, limits());
      g.pinchDist = dist;
      g.mid = mid;
      setView(next, true);
      return;
    }
    if (!g.moved && Math.hypot(p.x - g.startX, p.y - g.startY) > 5) g.moved = true;
    if (g.moved) {
      setTip(null);
      setView(panBy(v, p.x - prev.x, p.y - prev.y), true);
    }
  };

  const onPointerUp = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const g = gesture.current;
    const wasSingle = pointers.current.size === 1;
    pointers.current.delete(e.pointerId);
    if (pointers.current.size === 0) gesture.current = null;
    else if (pointers.current.size === 1 && g) {
      const [only] = [...pointers.current.values()] as [Pointer];
      gesture.current = { startX: only.x, startY: only.y, moved: true, pinchDist: 0, mid: only };
    }
    if (e.type === 'pointercancel' || !g || g.moved || !wasSingle) return;
    const p = local(e);
    const seat = hitTest(p.x, p.y, e.pointerType !== 'mouse');
    if (seat >= 0) {
      onPick(seat);
      hoverRef.current = seat;
      showTip(seat);
      request();
    } else setHover(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const v = viewRef.current;
    if (!v) return;
    const step = 60;
    const moves: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const move = moves[e.key];
    if (move) setView(panBy(v, move[0], move[1]));
    else if (e.key === '+' || e.key === '=') zoomBy(1.4);
    else if (e.key === '-' || e.key === '_') zoomBy(1 / 1.4);
    else if (e.key === '0') showWhole();
    else return;
    e.preventDefault();
  };

  // Keep the tooltip's text current when statuses change under it.
  useEffect(() => {
    if (hoverRef.current >= 0) showTip(hoverRef.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [batches, describe]);

  return (
    <div className="seatmap">
      <div className="seatmap-tools" role="group" aria-label={t.seatMap}>
        <button type="button" onClick={() => zoomBy(1.4)} aria-label={t.zoomIn} title={t.zoomIn}>
          +
        </button>
        <button type="button" onClick={() => zoomBy(1 / 1.4)} aria-label={t.zoomOut} title={t.zoomOut}>
          −
        </button>
        <button type="button" onClick={showWhole}>
          {t.fit}
        </button>
      </div>
      <div className="seatmap-canvas" ref={wrapRef}>
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={summary}
          aria-describedby="seatmap-help"
          tabIndex={0}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          onPointerLeave={(e) => {
            if (e.pointerType === 'mouse' && !pointers.current.size) setHover(-1);
          }}
          onKeyDown={onKeyDown}
        />
        {tip && (
          <div className="seat-tip" aria-hidden="true" style={{ left: tip.x, top: tip.y }}>
            {tip.text}
          </div>
        )}
      </div>
      {zoomedIn && (
        <p className="hint seatmap-zoomed" role="status">
          {t.mapZoomedIn}
        </p>
      )}
      <p id="seatmap-help" className="hint">
        {t.mapHelp}
      </p>
    </div>
  );
}
