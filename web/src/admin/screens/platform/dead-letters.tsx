/**
 * Dead letters (GET /platform/dead-letters): queue messages that ran out of retries, newest first, filtered by queue;
 * each with its body, and — for platform admins — Replay, which sends it back to its queue once
 * (POST …/replay; a second replay is 409 already_replayed).
 */
import { useState } from 'react';
import { Link, Route, Switch, useSearchParams } from 'wouter';
import { ApiError, api, call, type Schemas } from '../../../api/client';
import { PagedTable, usePaged } from '../../../ui/list';
import { useLoad } from '../../../ui/load';
import { ConfirmAction, errorText, JsonBlock } from '../ops/common';
import { PlatformBack, PlatformTime, useOperator } from './common';
import { deadLetterSummary, findInPages, QUEUE_NAMES, queueLabel, replayFailure } from './logic';

type DeadLetter = Schemas['DeadLetter'];

const LIST = '~/admin/platform/dead-letters';
/** The letters seen on the list, so opening one shows it at once (the API has no one-letter GET). */
const seen = new Map<string, DeadLetter>();

const page = (cursor: string | undefined, queue?: string) =>
  call(api.GET('/api/v1/platform/dead-letters', { params: { query: { cursor, limit: 25, queue: queue || undefined } } })).then((p) => {
    for (const d of p.items) seen.set(d.id, d);
    return p;
  });

export default function DeadLettersScreen() {
  return (
    <Switch>
      <Route path="/" component={DeadLetterList} />
      <Route path="/:deadLetterId">{(p) => <DeadLetterDetail id={p.deadLetterId} />}</Route>
    </Switch>
  );
}

function Status({ d }: { d: DeadLetter }) {
  return d.replayedAt ? <span className="badge ok">Replayed</span> : <span className="badge bad">Not replayed</span>;
}

function DeadLetterList() {
  const [params, setParams] = useSearchParams();
  const queue = params.get('queue') ?? '';
  const list = usePaged<DeadLetter>((cursor) => page(cursor, queue), [queue]);

  return (
    <>
      <div className="ops-head">
        <h1>Dead letters</h1>
        <button type="button" onClick={list.reload}>
          Refresh
        </button>
      </div>
      <p className="hint">Queue messages that ran out of retries, newest first. Fix what made them fail, then replay them: each is sent back to its queue once.</p>
      <div className="toolbar ops-filters">
        <div className="field">
          <label htmlFor="dlq-queue">Queue</label>
          <select
            id="dlq-queue"
            value={queue}
            onChange={(e) => {
              const p = new URLSearchParams();
              if (e.target.value) p.set('queue', e.target.value);
              setParams(p, { replace: true });
            }}
          >
            <option value="">All queues</option>
            {QUEUE_NAMES.map((q) => (
              <option key={q} value={q}>
                {queueLabel(q)} ({q})
              </option>
            ))}
          </select>
        </div>
      </div>
      <PagedTable
        list={list}
        caption={queue ? `Dead letters of ${queue}, newest first` : 'Dead letters, newest first'}
        rowKey={(d) => d.id}
        empty={queue ? 'No dead letters in this queue.' : 'No dead letters: every message was handled.'}
        columns={[
          { header: 'Received', cell: (d) => <PlatformTime iso={d.receivedAt} /> },
          { header: 'Queue', cell: (d) => queueLabel(d.queue) },
          { header: 'Message', cell: (d) => <Link href={`/${d.id}`}>{deadLetterSummary(d.body)}</Link> },
          { header: 'Attempts', cell: (d) => d.attempts },
          { header: 'Status', cell: (d) => <Status d={d} /> },
        ]}
      />
    </>
  );
}

function DeadLetterDetail({ id }: { id: string }) {
  const { admin, user } = useOperator();
  const { data, setData, error, loading } = useLoad(async () => {
    const hit = seen.get(id);
    if (hit) return hit;
    const found = await findInPages((cursor) => page(cursor), id);
    if (!found) throw new ApiError({ title: 'Not found', status: 404, detail: 'There is no such dead letter (or it is older than the last 500).' });
    return found;
  }, [id]);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  if (!data) {
    return (
      <>
        <PlatformBack href={LIST} label="Dead letters" />
        {error ? (
          <p className="banner error" role="alert">
            {errorText(error)}
          </p>
        ) : (
          loading && <p className="loading">Loading…</p>
        )}
      </>
    );
  }
  const d = data;

  const replay = async () => {
    setNotice(null);
    setFailure(null);
    try {
      const out = await call(api.POST('/api/v1/platform/dead-letters/{deadLetterId}/replay', { params: { path: { deadLetterId: d.id } } }));
      seen.set(out.id, out);
      setData(out);
      setNotice(`Sent back to ${out.queue}. It is processed like a new message; if it fails again it comes back here as a new dead letter.`);
    } catch (e) {
      // Shown here rather than beside the button: a 409 turns the button into "already replayed".
      setFailure(e instanceof ApiError ? replayFailure(e.problem) : errorText(e));
      // Someone else replayed it meanwhile: show it as replayed (the server is the truth).
      if (e instanceof ApiError && e.status === 409 && e.code === 'already_replayed') {
        const fresh = await findInPages((cursor) => page(cursor, d.queue), d.id).catch(() => null);
        if (fresh) setData(fresh);
      }
    }
  };

  return (
    <>
      <PlatformBack href={LIST} label="Dead letters" />
      <h1>Dead letter: {deadLetterSummary(d.body)}</h1>
      <dl className="facts card">
        <dt>Status</dt>
        <dd>
          <Status d={d} />
        </dd>
        <dt>Queue</dt>
        <dd>{d.queue}</dd>
        <dt>Message id</dt>
        <dd className="ops-id">{d.messageId}</dd>
        <dt>Attempts</dt>
        <dd>{d.attempts}</dd>
        <dt>Received</dt>
        <dd>
          <PlatformTime iso={d.receivedAt} opts={{ dateStyle: 'medium', timeStyle: 'medium' }} />
        </dd>
        <dt>Replayed</dt>
        <dd>
          {d.replayedAt ? (
            <>
              <PlatformTime iso={d.replayedAt} opts={{ dateStyle: 'medium', timeStyle: 'medium' }} />
              {d.replayedByUserId && (
                <>
                  {' '}
                  by {d.replayedByUserId === user.id ? 'you' : <span className="ops-id">{d.replayedByUserId}</span>}
                </>
              )}
            </>
          ) : (
            'Not yet'
          )}
        </dd>
      </dl>
      {notice && (
        <p className="banner ok" role="status">
          {notice}
        </p>
      )}
      {failure && (
        <p className="banner error" role="alert">
          {failure}
        </p>
      )}
      <div className="ops-actions">
        {admin ? (
          d.replayedAt ? (
            <p className="hint">Already sent back to its queue: a dead letter is replayed once.</p>
          ) : (
            <ConfirmAction label="Replay" danger={false} confirmLabel="Yes, replay" question={`Send this message back to ${d.queue}? It is sent once.`} onConfirm={replay} />
          )
        ) : (
          <p className="hint">Only platform admins replay dead letters.</p>
        )}
      </div>
      <section className="card ops-card" aria-labelledby="dlq-body-title">
        <h2 id="dlq-body-title">Message body</h2>
        <JsonBlock value={d.body} label="Message body (JSON)" />
      </section>
    </>
  );
}
