/**
 * Funnels (issue #16): the organization's saved funnels — which steps of the buyer journey, in order, for one event or
 * all, for which visitors — built and changed here, deleted after a confirmation, and the chosen one's conversion over
 * the picked days. The chosen funnel and days live in the URL. Pure parts: ./funnels/logic.ts
 * (test/web/funnels/logic.test.ts); the chart is shared with the History screen (./analytics/).
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'wouter';
import { api, call, type Schemas } from '../../api/client';
import { loadAll, LoadError, useLoad } from '../../ui/load';
import { Table } from '../../ui/table';
import { atLeast, useOrg } from '../session';
import { ConfirmAction } from './ops/common';
import { ConversionPanel } from './funnels/conversion';
import { FunnelEditor } from './funnels/editor';
import { filtersText, stepsText, type SavedFunnel } from './funnels/logic';
import './ops/ops.css';

export default function FunnelsScreen() {
  const { orgId, role } = useOrg();
  const canManage = atLeast(role, 'staff');
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('funnel') ?? '';
  const range = { from: params.get('from') ?? '', to: params.get('to') ?? '' };
  const [editing, setEditing] = useState<SavedFunnel | 'new' | null>(null);
  const [events, setEvents] = useState<Schemas['Event'][]>([]);
  const funnels = useLoad(() => loadAll((cursor) => call(api.GET('/api/v1/orgs/{orgId}/funnels', { params: { path: { orgId }, query: { cursor, limit: 100 } } }))), [orgId]);

  useEffect(() => {
    loadAll((cursor) => call(api.GET('/api/v1/orgs/{orgId}/events', { params: { path: { orgId }, query: { limit: 200, cursor } } })))
      .then(setEvents)
      .catch(() => setEvents([]));
  }, [orgId]);

  const select = (id: string, r = range) => {
    const next = new URLSearchParams();
    if (id) next.set('funnel', id);
    if (r.from) next.set('from', r.from);
    if (r.to) next.set('to', r.to);
    setParams(next, { replace: true });
  };
  const eventName = (id: string | null) => (id ? (events.find((e) => e.id === id)?.name ?? id) : 'Every event');
  const list = funnels.data ?? [];
  const selected = list.find((f) => f.id === selectedId) ?? null;

  return (
    <>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <h1 style={{ margin: 0 }}>Funnels</h1>
        {canManage && (
          <button type="button" onClick={() => setEditing('new')} disabled={editing !== null}>
            New funnel
          </button>
        )}
      </div>
      <p className="hint">A funnel follows visitors through the steps you pick, in order, and shows how many reach each one and how long it takes them.</p>

      {editing && (
        <FunnelEditor
          key={editing === 'new' ? 'new' : editing.id}
          funnel={editing === 'new' ? null : editing}
          events={events}
          onCancel={() => setEditing(null)}
          onSaved={(f) => {
            setEditing(null);
            funnels.reload();
            select(f.id);
          }}
        />
      )}

      <section className="card" aria-labelledby="funnels-h" aria-busy={funnels.loading}>
        <h2 id="funnels-h">Saved funnels</h2>
        <LoadError error={funnels.error} />
        {funnels.loading && !funnels.data && <p className="hint">Loading…</p>}
        {funnels.data && list.length === 0 && <p className="hint">No funnels yet.{canManage ? ' Make one with “New funnel”.' : ''}</p>}
        {list.length > 0 && (
          <div className="table-wrap" tabIndex={0}>
            <Table<SavedFunnel>
              caption="Saved funnels"
              captionHidden
              items={list}
              rowKey={(f) => f.id}
              rowProps={(f) => ({ 'aria-current': f.id === selectedId ? 'true' : undefined })}
              columns={[
                { header: 'Name', rowHeader: true, cell: (f) => f.name },
                { header: 'Steps', cell: (f) => stepsText(f.steps) },
                { header: 'Event', cell: (f) => eventName(f.eventId) },
                { header: 'Counted visitors', cell: (f) => filtersText(f.filters) },
                {
                  header: 'Actions',
                  hideHeader: true,
                  cell: (f) => (
                    <div className="toolbar">
                      <button type="button" onClick={() => select(f.id)} aria-pressed={f.id === selectedId} aria-label={`Show the conversion of “${f.name}”`}>
                        Show
                      </button>
                      {canManage && (
                        <>
                          <button type="button" onClick={() => setEditing(f)} aria-label={`Edit “${f.name}”`}>
                            Edit
                          </button>
                          <ConfirmAction
                            label="Delete"
                            question={`Delete the funnel “${f.name}”? Its figures are not lost: they come from the visits.`}
                            confirmLabel="Yes, delete"
                            onConfirm={async () => {
                              await call(api.DELETE('/api/v1/orgs/{orgId}/funnels/{funnelId}', { params: { path: { orgId, funnelId: f.id } } }));
                              if (f.id === selectedId) select('');
                              funnels.reload();
                            }}
                          />
                        </>
                      )}
                    </div>
                  ),
                },
              ]}
            />
          </div>
        )}
      </section>

      {selected && <ConversionPanel key={selected.id} funnel={selected} eventName={eventName(selected.eventId)} range={range} onRange={(r) => select(selected.id, r)} />}
    </>
  );
}
