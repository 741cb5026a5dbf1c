/**
 * The seating builder: edits a venue's layout document (categories, sections with rows of seats, general-admission
 * areas, the stage) on a pan-and-zoom plan and in forms, then saves it: POST …/venues/{venueId}/layouts for a new
 * layout, PUT …/layouts/{layoutId}/document for an existing one. The server's field errors
 * (body.sections.0.rows.1.seats.3.category) show beside the section, category or area they are about, and on the plan.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api, ApiError, call, type Schemas } from '../../../api/client';
import { Field, ProblemBanner } from '../../../ui/forms';
import { atLeast, useOrg } from '../../session';
import {
  addSection,
  deleteSeats,
  documentStats,
  EditError,
  emptyDocument,
  fileNameFor,
  moveSeats,
  parseDocumentJson,
  setFocal,
  suggestSectionKey,
  toggleSelection,
  type LayoutDocument,
} from '../../seating/document';
import { integerRect, zoomAt, type Rect, type ViewBox } from '../../seating/geometry';
import { commit, redo, startHistory, undo, type History } from '../../seating/history';
import { issueSeats, placeIssues, type PlacedIssue } from '../../seating/issues';
import { AddRowPanel } from './add-row-panel';
import { CategoriesPanel } from './categories-panel';
import { GaPanel } from './ga-panel';
import { Panel } from './panel-kit';
import { ProblemsPanel } from './problems-panel';
import { SectionsPanel } from './sections-panel';
import { SelectionPanel } from './selection-panel';
import { downloadJson } from './download';
import { Stage, type Tool } from './stage';
import { useUndoKeys } from './editor-hooks';
import { useUnsavedChanges } from '../../../ui/unsaved';
import { Legend } from './builder-legend';
import { planView, seatsView, stageAspect } from './builder-view';
import { plural } from '../../../ui/plural';

type Summary = Schemas['LayoutSummary'];

export function SeatingBuilder({ venueId, layoutId }: { venueId: string; layoutId: string | undefined }) {
  const { orgId, role } = useOrg();
  const [, navigate] = useLocation();
  const readOnly = !atLeast(role, 'staff');
  const [venue, setVenue] = useState<Schemas['Venue'] | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(Boolean(layoutId));
  const [history, setHistoryState] = useState<History<LayoutDocument>>(() => startHistory(emptyDocument()));
  const historyRef = useRef(history);
  const lastCoalesce = useRef<string | undefined>(undefined);
  const [saved, setSaved] = useState<LayoutDocument | null>(null);
  const [selection, setSelection] = useState<Set<string>>(new Set());
  const [active, setActive] = useState<number | undefined>(undefined);
  const [tool, setTool] = useState<Tool>('select');
  const [view, setView] = useState<ViewBox>({ x: -1000, y: -400, width: 2000, height: 1200 });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const stageWrap = useRef<HTMLDivElement>(null);
  /** The id this screen saved a new layout under: the URL changes to it without loading it again. */
  const savedAs = useRef<string | undefined>(undefined);
  const doc = history.present;

  const setHistory = useCallback((h: History<LayoutDocument>) => {
    historyRef.current = h;
    setHistoryState(h);
  }, []);

  /** One edit, one undo step; edits with the same `coalesce` key in a row (typing a name) are one step. */
  const apply = useCallback(
    (fn: (d: LayoutDocument) => LayoutDocument, coalesce?: string) => {
      const h = historyRef.current;
      const next = fn(h.present);
      if (next === h.present) return;
      if (coalesce && coalesce === lastCoalesce.current) setHistory({ ...h, present: next, future: [] });
      else setHistory(commit(h, next));
      lastCoalesce.current = coalesce;
    },
    [setHistory],
  );

  const aspect = () => stageAspect(stageWrap.current);
  const fit = useCallback((d: LayoutDocument) => setView(planView(d, stageAspect(stageWrap.current))), []);

  useEffect(() => {
    call(api.GET('/api/v1/orgs/{orgId}/venues/{venueId}', { params: { path: { orgId, venueId } } }))
      .then(setVenue)
      .catch(() => undefined);
  }, [orgId, venueId]);

  useEffect(() => {
    if (!layoutId) {
      const d = emptyDocument('New layout');
      setHistory(startHistory(d));
      setSaved(d); // nothing to lose until something is drawn or typed
      fit(d);
      return;
    }
    if (savedAs.current === layoutId) return;
    let cancelled = false;
    setLoading(true);
    Promise.all([
      call(api.GET('/api/v1/orgs/{orgId}/layouts/{layoutId}/document', { params: { path: { orgId, layoutId } } })),
      call(api.GET('/api/v1/orgs/{orgId}/layouts/{layoutId}', { params: { path: { orgId, layoutId } } })),
    ])
      .then(([d, s]) => {
        if (cancelled) return;
        setHistory(startHistory(d));
        setSaved(d);
        setSummary(s);
        setLoadError(null);
        requestAnimationFrame(() => fit(d));
      })
      .catch((e) => !cancelled && setLoadError(e instanceof ApiError ? e : new ApiError({ title: 'Could not load the layout', status: 0, detail: String(e) })))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [orgId, layoutId, fit, setHistory]);

  const dirty = doc !== saved;
  useUnsavedChanges(dirty && !readOnly, 'This layout has unsaved changes. Leave without saving?');

  // Undo/redo from the keyboard, unless typing in a field.
  useUndoKeys(
    useCallback(
      (redoing: boolean) => {
        lastCoalesce.current = undefined;
        setHistory(redoing ? redo(historyRef.current) : undo(historyRef.current));
        setSelection(new Set());
      },
      [setHistory],
    ),
  );

  const issues = useMemo(() => (saveError?.problem.errors?.length ? placeIssues(doc, saveError.problem.errors) : null), [saveError, doc]);
  const errorSeats = useMemo(() => {
    const m = new Map<number, Set<string>>();
    for (const key of issues?.seats ?? []) {
      const s = Number(key.split(':')[0]);
      m.set(s, new Set([...(m.get(s) ?? []), key]));
    }
    return m;
  }, [issues]);
  const stats = useMemo(() => documentStats(doc), [doc]);

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    setNotice(null);
    try {
      const body = doc;
      const id = layoutId ?? savedAs.current;
      const result = id
        ? await call(api.PUT('/api/v1/orgs/{orgId}/layouts/{layoutId}/document', { params: { path: { orgId, layoutId: id } }, body }))
        : await call(api.POST('/api/v1/orgs/{orgId}/venues/{venueId}/layouts', { params: { path: { orgId, venueId } }, body }));
      setSummary(result);
      setSaved(body);
      setNotice(`Saved: ${plural(result.seatCount, 'seat')}${result.gaCapacity ? ` and ${result.gaCapacity} general admission` : ''}, version ${result.version}.`);
      if (!id) {
        savedAs.current = result.id;
        navigate(`/${venueId}/layouts/${result.id}`, { replace: true });
      }
    } catch (e) {
      setSaveError(e instanceof ApiError ? e : new ApiError({ title: 'Could not save', status: 0, detail: String(e) }));
    } finally {
      setSaving(false);
    }
  };

  const onImport = async (file: File | undefined) => {
    setImportError(null);
    if (!file) return;
    try {
      const d = parseDocumentJson(await file.text());
      apply(() => d);
      setSelection(new Set());
      setActive(undefined);
      setSaveError(null);
      setNotice(`Imported ${file.name}: ${documentStats(d).seats} seats. Save to keep it.`);
      fit(d);
    } catch (e) {
      setImportError(e instanceof Error ? e.message : String(e));
    }
  };

  const onDrawSection = (r: Rect) => {
    if (readOnly) return;
    if (r.width < 20 || r.height < 20) return;
    const key = suggestSectionKey(historyRef.current.present);
    try {
      apply((d) => addSection(d, { key, bounds: integerRect(r) }));
      setActive(historyRef.current.present.sections.length - 1);
      setTool('select');
      setNotice(`Section ${key} drawn: add rows to it in Add row.`);
    } catch (e) {
      if (e instanceof EditError) setNotice(e.message);
    }
  };

  const showIssue = (i: PlacedIssue) => {
    const keys = issueSeats(doc, i.target);
    if ('s' in i.target) setActive(i.target.s);
    setSelection(keys);
    const around = seatsView(doc, keys, aspect());
    if (around) setView(around);
  };

  if (loading) return <p className="loading">Loading layout…</p>;
  if (loadError) return <ProblemBanner error={loadError} />;

  const nameIssues = issues?.name ?? [];
  const focalIssues = issues?.focal ?? [];
  const TOOLS: { id: Tool; label: string; hint: string }[] = [
    { id: 'select', label: 'Select', hint: 'Click or drag a box to select seats; drag selected seats to move them' },
    { id: 'draw', label: 'Draw section', hint: 'Drag a rectangle to add a section' },
    { id: 'stage', label: 'Place stage', hint: 'Click where the stage (focal point) is' },
    { id: 'pan', label: 'Pan', hint: 'Drag to move the view (or hold Space, or use the middle button)' },
  ];

  return (
    <div className="builder">
      <h1 className="visually-hidden">Seating builder: {doc.name || (layoutId ? 'layout' : 'new layout')}</h1>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href="/">Venues</Link> › <Link href={`/${venueId}`}>{venue?.name ?? 'Venue'}</Link> › <span>{layoutId ? 'Layout' : 'New layout'}</span>
      </nav>
      <div className="builder-bar">
        <Field label="Layout name" error={nameIssues[0]?.message}>
          {(a) => <input {...a} value={doc.name} readOnly={readOnly} onChange={(e) => apply((d) => ({ ...d, name: e.target.value }), 'name')} />}
        </Field>
        <p className="builder-stats" aria-live="polite">
          {plural(stats.seats, 'seat')} in {plural(stats.sections, 'section')}
          {stats.gaCapacity > 0 && ` · ${stats.gaCapacity.toLocaleString()} GA`}
          {summary && ` · version ${summary.version}`}
          {dirty && !readOnly && <span className="badge warn">Unsaved changes</span>}
        </p>
        <div className="toolbar tight">
          <button type="button" onClick={() => (setHistory(undo(historyRef.current)), setSelection(new Set()))} disabled={history.past.length === 0} title="Ctrl+Z">
            Undo
          </button>
          <button type="button" onClick={() => (setHistory(redo(historyRef.current)), setSelection(new Set()))} disabled={history.future.length === 0} title="Ctrl+Shift+Z">
            Redo
          </button>
          <button type="button" onClick={() => downloadJson(doc, fileNameFor(doc.name))}>
            Export JSON
          </button>
          {!readOnly && (
            <label className="button file-button">
              Import JSON
              <input type="file" accept="application/json,.json" className="visually-hidden" onChange={(e) => (void onImport(e.target.files?.[0]), (e.target.value = ''))} />
            </label>
          )}
          {!readOnly && (
            <button type="button" className="primary" onClick={() => void save()} disabled={saving} aria-busy={saving}>
              {saving ? 'Saving…' : 'Save layout'}
            </button>
          )}
        </div>
      </div>
      {importError && (
        <p className="banner error" role="alert">
          Import failed: {importError}
        </p>
      )}
      {notice && (
        <p className="banner ok" role="status">
          {notice}
        </p>
      )}
      {saveError && <ProblemBanner error={saveError} fields={saveError.problem.errors?.map((e) => e.path.replace(/^body\./, '')) ?? []} />}
      {readOnly && <p className="banner">You can look at this layout; changing it needs the staff role or higher.</p>}

      <div className="builder-main">
        <div className="stage-column">
          <div className="toolbar tight stage-tools" role="toolbar" aria-label="Plan tools">
            {TOOLS.filter((t) => !readOnly || t.id === 'select' || t.id === 'pan').map((t) => (
              <button key={t.id} type="button" aria-pressed={tool === t.id} className={tool === t.id ? 'tool active' : 'tool'} title={t.hint} onClick={() => setTool(t.id)}>
                {t.label}
              </button>
            ))}
            <span className="spacer" />
            <button type="button" onClick={() => setView((v) => zoomAt(v, 1.25))} aria-label="Zoom in">
              +
            </button>
            <button type="button" onClick={() => setView((v) => zoomAt(v, 0.8))} aria-label="Zoom out">
              −
            </button>
            <button type="button" onClick={() => fit(doc)}>
              Fit to view
            </button>
          </div>
          <p className="hint tool-hint">{TOOLS.find((t) => t.id === tool)?.hint}</p>
          <div className="stage-wrap" ref={stageWrap}>
            <Stage
              doc={doc}
              view={view}
              onView={setView}
              tool={readOnly && (tool === 'draw' || tool === 'stage') ? 'select' : tool}
              selection={selection}
              onSelect={(keys, additive) => setSelection((cur) => (additive ? toggleSelection(cur, keys) : keys))}
              activeSection={active}
              onActiveSection={setActive}
              onDrawSection={onDrawSection}
              onPlaceStage={(p) => {
                if (readOnly) return;
                apply((d) => setFocal(d, p));
                setTool('select');
              }}
              onMoveSelection={(dx, dy) => !readOnly && apply((d) => moveSeats(d, selection, dx, dy))}
              onDeleteSelection={() => {
                if (readOnly) return;
                apply((d) => deleteSeats(d, selection));
                setSelection(new Set());
              }}
              errorSeats={errorSeats}
              errorSections={issues?.sections ?? new Set()}
            />
          </div>
          <Legend doc={doc} />
        </div>

        <aside className="builder-panel" aria-label="Layout editor">
          {issues && <ProblemsPanel issues={issues} onShow={showIssue} />}
          <CategoriesPanel doc={doc} apply={apply} issues={issues} readOnly={readOnly} />
          <SectionsPanel
            doc={doc}
            apply={apply}
            issues={issues}
            active={active}
            setActive={setActive}
            select={(keys) => setSelection(keys)}
            readOnly={readOnly}
          />
          {!readOnly && <AddRowPanel doc={doc} apply={apply} active={active} setActive={setActive} />}
          <SelectionPanel doc={doc} apply={apply} selection={selection} setSelection={setSelection} readOnly={readOnly} />
          <GaPanel doc={doc} apply={apply} issues={issues} readOnly={readOnly} />
          <Panel title="Stage position" open={false}>
            <p className="hint">Where the stage or pitch centre is; curved rows bend around it and best-available seats face it. Or use Place stage on the plan.</p>
            <div className="row">
              {(['x', 'y'] as const).map((axis) => (
                <Field key={axis} label={`Stage ${axis.toUpperCase()} (cm)`} error={focalIssues.find((i) => 'field' in i.target && i.target.field === axis)?.message}>
                  {(a) => (
                    <input
                      {...a}
                      type="number"
                      step={1}
                      readOnly={readOnly}
                      value={doc.focal[axis]}
                      onChange={(e) => {
                        const v = Number(e.target.value);
                        if (e.target.value !== '' && Number.isFinite(v)) {
                          try {
                            apply((d) => setFocal(d, { ...d.focal, [axis]: v }), `focal-${axis}`);
                          } catch {
                            /* out of range: the field keeps its value */
                          }
                        }
                      }}
                    />
                  )}
                </Field>
              ))}
            </div>
          </Panel>
        </aside>
      </div>
    </div>
  );
}
