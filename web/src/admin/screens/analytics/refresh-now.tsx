/**
 * "Refresh now" (POST /orgs/{orgId}/analytics/snapshots/refresh): recomputes the organization's funnel figures at
 * once instead of waiting for the 15-minute job, then lets the panel reload. At most every 30 seconds (the API says
 * 429, shown as a note, not an error). Shown to roles that may manage analytics.
 */
import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { useOrg } from '../../session';
import { refreshSnapshots } from './api';
import { refreshOutcome } from './funnel-logic';

export function RefreshNow({ onRefreshed }: { onRefreshed: () => void }) {
  const { orgId } = useOrg();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ text: string; warning: boolean } | null>(null);
  const press = async () => {
    setBusy(true);
    try {
      const r = await refreshSnapshots(orgId);
      setNote(refreshOutcome({ ok: true, ...r }));
      onRefreshed();
    } catch (e) {
      const problem = e instanceof ApiError ? e.problem : { status: 0, detail: e instanceof Error ? e.message : String(e) };
      setNote(refreshOutcome({ ok: false, status: problem.status, code: 'code' in problem ? problem.code : undefined, detail: problem.detail }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="toolbar">
      <button type="button" onClick={press} disabled={busy} aria-busy={busy}>
        {busy ? 'Refreshing…' : 'Refresh now'}
      </button>
      {note && (
        <span className={note.warning ? 'hint warning' : 'hint'} role="status">
          {note.text}
        </span>
      )}
    </div>
  );
}
