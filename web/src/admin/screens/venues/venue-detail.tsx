/** One venue: its details (edit, archive), its gates (add, rename, delete) and its seating layouts (build, import, generate, export, rename, delete). */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { api, ApiError, call, formatInZone, type Schemas } from '../../../api/client';
import { Checkbox, Input, ProblemBanner, SubmitButton, useForm } from '../../../ui/forms';
import { PagedTable, usePaged } from '../../../ui/list';
import { fileNameFor, parseDocumentJson } from '../../seating/document';
import { atLeast, useOrg } from '../../session';
import { downloadJson } from './download';
import { VenueForm } from './venue-form';
import { plural } from '../../../ui/plural';

type Venue = Schemas['Venue'];
type Gate = Schemas['Gate'];
type Layout = Schemas['LayoutSummary'];

export function VenueDetail({ venueId }: { venueId: string }) {
  const { orgId, role } = useOrg();
  const [, navigate] = useLocation();
  const canManage = atLeast(role, 'staff');
  const [venue, setVenue] = useState<Venue | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState(false);
  const [archiveError, setArchiveError] = useState<ApiError | null>(null);

  const load = useCallback(() => {
    call(api.GET('/api/v1/orgs/{orgId}/venues/{venueId}', { params: { path: { orgId, venueId } } }))
      .then((v) => (setVenue(v), setError(null)))
      .catch((e) => setError(e));
  }, [orgId, venueId]);
  useEffect(load, [load]);

  if (error) return <ProblemBanner error={error} />;
  if (!venue) return <p className="loading">Loading venue…</p>;
  const archived = Boolean(venue.archivedAt);
  const a = venue.address;

  const archive = async () => {
    if (!confirm(`Archive ${venue.name}? It is hidden from venue lists and gets no new gates or layouts; its events keep it.`)) return;
    try {
      await call(api.DELETE('/api/v1/orgs/{orgId}/venues/{venueId}', { params: { path: { orgId, venueId } } }));
      setArchiveError(null);
      load();
    } catch (e) {
      setArchiveError(e as ApiError);
    }
  };

  return (
    <div className="venue-detail">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href="/">Venues</Link> › <span>{venue.name}</span>
      </nav>
      <h1>
        {venue.name} {archived && <span className="badge warn">Archived</span>}
      </h1>
      <section className="card" aria-labelledby="venue-details">
        <h2 id="venue-details">Details</h2>
        {editing ? (
          <VenueForm venue={venue} onSaved={(v) => (setVenue(v), setEditing(false))} onCancel={() => setEditing(false)} />
        ) : (
          <>
            <dl className="facts">
              <dt>Address</dt>
              <dd>{[a.line1, a.line2, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', ')}</dd>
              <dt>Time zone</dt>
              <dd>{venue.timezone}</dd>
              <dt>Capacity</dt>
              <dd>{venue.capacity.toLocaleString()}</dd>
              {archived && (
                <>
                  <dt>Archived</dt>
                  <dd>{formatInZone(venue.archivedAt!, venue.timezone)}</dd>
                </>
              )}
            </dl>
            {canManage && (
              <div className="toolbar">
                <button type="button" onClick={() => setEditing(true)}>
                  Edit venue
                </button>
                {!archived && (
                  <button type="button" className="danger" onClick={() => void archive()}>
                    Archive venue
                  </button>
                )}
              </div>
            )}
            <ProblemBanner error={archiveError} />
          </>
        )}
      </section>
      <Gates venueId={venueId} canManage={canManage && !archived} />
      <Layouts venue={venue} canManage={canManage} archived={archived} onOpen={(id) => navigate(`/${venueId}/layouts/${id}`)} />
    </div>
  );
}

function Gates({ venueId, canManage }: { venueId: string; canManage: boolean }) {
  const { orgId } = useOrg();
  const list = usePaged<Gate>((cursor) => call(api.GET('/api/v1/orgs/{orgId}/venues/{venueId}/gates', { params: { path: { orgId, venueId }, query: { cursor, limit: 25 } } })), [orgId, venueId]);
  const form = useForm({ name: '' });
  const [rowError, setRowError] = useState<ApiError | null>(null);
  return (
    <section className="card" aria-labelledby="gates-heading">
      <h2 id="gates-heading">Gates</h2>
      <p className="hint">Entry points. Scanner devices can be assigned to a gate, and check-ins are reported per gate.</p>
      {canManage && (
        <form
          className="toolbar"
          aria-label="Add gate"
          noValidate
          onSubmit={(e) =>
            form.submit(async (v) => {
              await call(api.POST('/api/v1/orgs/{orgId}/venues/{venueId}/gates', { params: { path: { orgId, venueId } }, body: { name: v.name } }));
              form.reset();
              list.reload();
            }, e)
          }
        >
          <Input form={form} name="name" label="Gate name" placeholder="e.g. North Gate" />
          <SubmitButton busy={form.busy}>Add gate</SubmitButton>
        </form>
      )}
      <ProblemBanner error={form.problem} fields={['name']} />
      <ProblemBanner error={rowError} />
      <PagedTable
        list={list}
        rowKey={(g) => g.id}
        empty="No gates yet."
        caption="Gates"
        columns={[
          { header: 'Name', cell: (g) => <GateName gate={g} canManage={canManage} onDone={list.reload} /> },
          {
            header: 'Actions',
            cell: (g) =>
              canManage && (
                <button
                  type="button"
                  className="danger"
                  aria-label={`Delete gate ${g.name}`}
                  onClick={async () => {
                    if (!confirm(`Delete gate ${g.name}?`)) return;
                    try {
                      await call(api.DELETE('/api/v1/orgs/{orgId}/venues/{venueId}/gates/{gateId}', { params: { path: { orgId, venueId, gateId: g.id } } }));
                      setRowError(null);
                      list.reload();
                    } catch (e) {
                      setRowError(e as ApiError);
                    }
                  }}
                >
                  Delete
                </button>
              ),
          },
        ]}
      />
    </section>
  );
}

function GateName({ gate, canManage, onDone }: { gate: Gate; canManage: boolean; onDone: () => void }) {
  const { orgId } = useOrg();
  return (
    <RenameInPlace
      name={gate.name}
      what="gate"
      label="Gate name"
      canManage={canManage}
      save={(name) => call(api.PATCH('/api/v1/orgs/{orgId}/venues/{venueId}/gates/{gateId}', { params: { path: { orgId, venueId: gate.venueId, gateId: gate.id } }, body: { name } }))}
      onDone={onDone}
    >
      <span className="grow">{gate.name}</span>
    </RenameInPlace>
  );
}

/** A name in a table row with its Rename button; renaming opens a one-field form in its place. */
function RenameInPlace({
  name,
  what,
  label,
  canManage,
  save,
  onDone,
  children,
}: {
  name: string;
  /** "gate": the button is named "Rename gate North Gate". */
  what: string;
  /** The field's label ("Gate name"). */
  label: string;
  canManage: boolean;
  save: (name: string) => Promise<unknown>;
  onDone: () => void;
  /** How the name shows while not renaming. */
  children: ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const form = useForm({ name });
  if (!editing) {
    return (
      <span className="item-row">
        {children}
        {canManage && (
          <button type="button" onClick={() => setEditing(true)} aria-label={`Rename ${what} ${name}`}>
            Rename
          </button>
        )}
      </span>
    );
  }
  return (
    <form
      className="toolbar tight"
      noValidate
      onSubmit={(e) =>
        form.submit(async (v) => {
          await save(v.name);
          setEditing(false);
          onDone();
        }, e)
      }
    >
      <Input form={form} name="name" label={label} />
      <SubmitButton busy={form.busy}>Save</SubmitButton>
      <button type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
      <ProblemBanner error={form.problem} fields={['name']} />
    </form>
  );
}

function Layouts({ venue, canManage, archived, onOpen }: { venue: Venue; canManage: boolean; archived: boolean; onOpen: (id: string) => void }) {
  const { orgId } = useOrg();
  const venueId = venue.id;
  const list = usePaged<Layout>((cursor) => call(api.GET('/api/v1/orgs/{orgId}/venues/{venueId}/layouts', { params: { path: { orgId, venueId }, query: { cursor, limit: 25 } } })), [orgId, venueId]);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const canAdd = canManage && !archived;

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    setNotice(null);
    setImporting(true);
    try {
      const doc = parseDocumentJson(await file.text());
      const created = await call(api.POST('/api/v1/orgs/{orgId}/venues/{venueId}/layouts', { params: { path: { orgId, venueId } }, body: doc }));
      setNotice(`Imported ${created.name}: ${plural(created.seatCount, 'seat')}.`);
      list.reload();
    } catch (e) {
      setProblem(e instanceof ApiError ? e : new ApiError({ title: 'Import failed', status: 0, detail: e instanceof Error ? e.message : String(e) }));
    } finally {
      setImporting(false);
    }
  };

  const act = async (fn: () => Promise<unknown>) => {
    setProblem(null);
    setNotice(null);
    try {
      await fn();
      list.reload();
    } catch (e) {
      setProblem(e as ApiError);
    }
  };

  return (
    <section className="card" aria-labelledby="layouts-heading">
      <h2 id="layouts-heading">Seating layouts</h2>
      <p className="hint">A layout is the seat map an event at this venue sells from. Events copy the layout when they are published.</p>
      {canAdd && (
        <div className="toolbar">
          <Link href={`/${venueId}/layouts/new`} className="button primary">
            New layout
          </Link>
          <label className="button file-button">
            {importing ? 'Importing…' : 'Import layout (JSON)'}
            <input type="file" accept="application/json,.json" className="visually-hidden" disabled={importing} onChange={(e) => (void importFile(e.target.files?.[0]), (e.target.value = ''))} />
          </label>
        </div>
      )}
      {notice && (
        <p className="banner ok" role="status">
          {notice}
        </p>
      )}
      <ProblemBanner error={problem} />
      {canAdd && <GenerateStadium venueId={venueId} onDone={(l) => (setNotice(`Generated ${l.name}: ${plural(l.seatCount, 'seat')}.`), list.reload())} />}
      <PagedTable
        list={list}
        rowKey={(l) => l.id}
        empty="No layouts yet."
        caption="Layouts"
        columns={[
          { header: 'Name', cell: (l) => <LayoutName layout={l} canManage={canManage} onDone={list.reload} /> },
          { header: 'Seats', cell: (l) => l.seatCount.toLocaleString() },
          { header: 'General admission', cell: (l) => (l.gaCapacity ? l.gaCapacity.toLocaleString() : '—') },
          { header: 'Sections', cell: (l) => l.sectionCount },
          { header: 'Version', cell: (l) => l.version },
          { header: 'Updated', cell: (l) => formatInZone(l.updatedAt, venue.timezone) },
          {
            header: 'Actions',
            cell: (l) => (
              <div className="toolbar tight">
                <button type="button" onClick={() => onOpen(l.id)} aria-label={`${canManage ? 'Edit' : 'View'} ${l.name} in the seating builder`}>
                  {canManage ? 'Edit' : 'View'}
                </button>
                <button
                  type="button"
                  aria-label={`Export JSON of ${l.name}`}
                  onClick={() =>
                    void act(async () => {
                      const doc = await call(api.GET('/api/v1/orgs/{orgId}/layouts/{layoutId}/document', { params: { path: { orgId, layoutId: l.id } } }));
                      downloadJson(doc, fileNameFor(l.name));
                    })
                  }
                >
                  Export JSON
                </button>
                {canManage && (
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Delete ${l.name}`}
                    onClick={() => {
                      if (confirm(`Delete layout ${l.name}? (Only possible when no event uses it.)`)) {
                        void act(() => call(api.DELETE('/api/v1/orgs/{orgId}/layouts/{layoutId}', { params: { path: { orgId, layoutId: l.id } } })));
                      }
                    }}
                  >
                    Delete
                  </button>
                )}
              </div>
            ),
          },
        ]}
      />
    </section>
  );
}

function LayoutName({ layout, canManage, onDone }: { layout: Layout; canManage: boolean; onDone: () => void }) {
  const { orgId } = useOrg();
  return (
    <RenameInPlace
      name={layout.name}
      what="layout"
      label="Layout name"
      canManage={canManage}
      save={(name) => call(api.PATCH('/api/v1/orgs/{orgId}/layouts/{layoutId}', { params: { path: { orgId, layoutId: layout.id } }, body: { name } }))}
      onDone={onDone}
    >
      <Link href={`/${layout.venueId}/layouts/${layout.id}`} className="grow">
        {layout.name}
      </Link>
    </RenameInPlace>
  );
}

function GenerateStadium({ venueId, onDone }: { venueId: string; onDone: (l: Layout) => void }) {
  const { orgId } = useOrg();
  const form = useForm({ name: 'Stadium', sections: 8 as number | '', rowsPerSection: 10 as number | '', seatsPerRow: 20 as number | '', curved: true });
  const n = (v: number | '') => (v === '' ? 0 : v);
  const total = n(form.values.sections) * n(form.values.rowsPerSection) * n(form.values.seatsPerRow);
  return (
    <details className="generate">
      <summary>Generate a stadium layout</summary>
      <form
        noValidate
        aria-label="Generate stadium"
        onSubmit={(e) =>
          form.submit(async (v) => {
            const l = await call(
              api.POST('/api/v1/orgs/{orgId}/venues/{venueId}/layouts/generate', {
                params: { path: { orgId, venueId } },
                body: { name: v.name, sections: n(v.sections), rowsPerSection: n(v.rowsPerSection), seatsPerRow: n(v.seatsPerRow), curved: v.curved },
              }),
            );
            onDone(l);
          }, e)
        }
      >
        <p className="hint">A ring of sections around the stage, rows stepping outward, split front to back into categories A, B and C. Open it in the builder afterwards to adjust it.</p>
        <ProblemBanner error={form.problem} fields={['name', 'sections', 'rowsPerSection', 'seatsPerRow', 'curved']} />
        <Input form={form} name="name" label="Layout name" />
        <div className="row">
          <Input form={form} name="sections" label="Sections" type="number" min={1} />
          <Input form={form} name="rowsPerSection" label="Rows per section" type="number" min={1} />
          <Input form={form} name="seatsPerRow" label="Seats per row" type="number" min={1} />
        </div>
        <Checkbox form={form} name="curved" label="Curved rows (around the stage)" />
        <p className="hint">{plural(total, 'seat')} in all.</p>
        <SubmitButton busy={form.busy}>Generate layout</SubmitButton>
      </form>
    </details>
  );
}
