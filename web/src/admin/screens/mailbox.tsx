/**
 * The dev mailbox: every email the platform sent for this organization while EMAIL_PROVIDER is "mailbox" (order
 * confirmations with their tickets PDF, refunds, invitations…), newest first, and each message with its links
 * clickable, its HTML version in a fully sandboxed frame and its attachments.
 */
import { useState } from 'react';
import { Link, Route, Switch, useSearchParams } from 'wouter';
import { api, call, type Schemas } from '../../api/client';
import { PagedTable, usePaged } from '../../ui/list';
import { useLoad } from '../../ui/load';
import { useOrg } from '../session';
import { BackLink, RecordPending, Time } from './ops/common';
import { formatBytes, linkify } from './ops/logic';
import './ops/ops.css';

type Message = Schemas['MailboxMessage'];

export default function MailboxScreen() {
  return (
    <Switch>
      <Route path="/" component={MailList} />
      <Route path="/:messageId">{(p) => <MailMessage messageId={p.messageId} />}</Route>
    </Switch>
  );
}

function MailList() {
  const { orgId } = useOrg();
  const [params, setParams] = useSearchParams();
  const to = params.get('to') ?? '';
  const [text, setText] = useState(to);
  const list = usePaged<Message>((cursor) => call(api.GET('/api/v1/orgs/{orgId}/mailbox', { params: { path: { orgId }, query: { cursor, limit: 25, to: to || undefined } } })), [orgId, to]);

  return (
    <>
      <div className="ops-head">
        <h1>Mailbox</h1>
        <button type="button" onClick={list.reload}>
          Refresh
        </button>
      </div>
      <p className="hint">Development mailbox: the emails sent for this organization are kept here instead of being delivered.</p>
      <form
        className="toolbar ops-filters"
        role="search"
        aria-label="Filter messages"
        onSubmit={(e) => {
          e.preventDefault();
          const p = new URLSearchParams();
          if (text.trim()) p.set('to', text.trim());
          setParams(p, { replace: true });
        }}
      >
        <div className="field grow">
          <label htmlFor="mail-to">To</label>
          <input id="mail-to" type="email" value={text} onChange={(e) => setText(e.target.value)} placeholder="buyer@example.com" maxLength={320} />
        </div>
        <button type="submit" className="primary">
          Filter
        </button>
        {to && (
          <button type="button" onClick={() => (setText(''), setParams(new URLSearchParams(), { replace: true }))}>
            Show all
          </button>
        )}
      </form>
      <PagedTable
        list={list}
        caption={to ? `Messages to ${to}, newest first` : 'Messages, newest first'}
        rowKey={(m) => m.id}
        empty={to ? 'No messages to this address.' : 'No messages yet.'}
        columns={[
          { header: 'Received', cell: (m) => <Time iso={m.createdAt} /> },
          { header: 'To', cell: (m) => m.recipient },
          { header: 'Subject', cell: (m) => <Link href={`/${m.id}`}>{m.subject}</Link> },
          { header: 'Attachments', cell: (m) => (m.attachments.length ? m.attachments.map((a) => a.filename).join(', ') : '—') },
        ]}
      />
    </>
  );
}

function MailMessage({ messageId }: { messageId: string }) {
  const { orgId } = useOrg();
  const { data: message, error } = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/mailbox/{messageId}', { params: { path: { orgId, messageId } } })), [orgId, messageId]);

  if (error || !message) return <RecordPending area="mailbox" label="Mailbox" error={error} />;

  const base = `/api/v1/orgs/${encodeURIComponent(orgId)}/mailbox/${encodeURIComponent(message.id)}/attachments/`;

  return (
    <>
      <BackLink area="mailbox" label="Mailbox" />
      <h1>{message.subject}</h1>
      <dl className="facts card">
        {message.from && (
          <>
            <dt>From</dt>
            <dd>{message.from}</dd>
          </>
        )}
        <dt>To</dt>
        <dd>{message.recipient}</dd>
        <dt>Subject</dt>
        <dd>{message.subject}</dd>
        <dt>Date</dt>
        <dd>
          <Time iso={message.createdAt} opts={{ dateStyle: 'full', timeStyle: 'medium' }} />
        </dd>
        {message.attachments.length > 0 && (
          <>
            <dt>Attachments</dt>
            <dd>
              <ul className="ops-attachments">
                {message.attachments.map((a) => (
                  <li key={a.filename}>
                    <a href={base + encodeURIComponent(a.filename)} download={a.filename}>
                      {a.filename}
                    </a>{' '}
                    <small className="hint">
                      ({a.contentType}, {formatBytes(a.size)})
                    </small>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <section className="card ops-card" aria-labelledby="mail-text-title">
        <h2 id="mail-text-title">Message</h2>
        <pre className="ops-mail-text">
          {linkify(message.text).map((part, i) =>
            'href' in part ? (
              <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
                {part.text}
              </a>
            ) : (
              <span key={i}>{part.text}</span>
            ),
          )}
        </pre>
      </section>
      {message.html && (
        <section className="card ops-card" aria-labelledby="mail-html-title">
          <h2 id="mail-html-title">HTML version</h2>
          <p className="hint">As the recipient's mail app shows it (scripts and links are disabled here; use the links above).</p>
          <iframe className="ops-mail-html" title={`HTML version of “${message.subject}”`} sandbox="" srcDoc={message.html} />
        </section>
      )}
    </>
  );
}
