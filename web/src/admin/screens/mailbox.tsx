/**
 * The dev mailbox: every email the platform sent for this organization while EMAIL_PROVIDER is "mailbox" (order
 * confirmations with their tickets PDF, refunds, invitations…), newest first, and each message (MailMessageView,
 * shared with the platform operators' mailbox) with its links clickable, its HTML version in a fully sandboxed frame
 * and its attachments.
 */
import { useState } from 'react';
import { Link, Route, Switch, useSearchParams } from 'wouter';
import { api, call } from '../../api/client';
import { PagedTable, usePaged } from '../../ui/list';
import { useLoad } from '../../ui/load';
import { useOrg } from '../session';
import { BackLink, RecordPending, Time } from './ops/common';
import { MailMessageView, type MailboxMessage as Message } from './mail-message';
import './ops/ops.css';

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
  const { orgId, organization } = useOrg();
  const { data: message, error } = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/mailbox/{messageId}', { params: { path: { orgId, messageId } } })), [orgId, messageId]);

  if (error || !message) return <RecordPending area="mailbox" label="Mailbox" error={error} />;

  const base = `/api/v1/orgs/${encodeURIComponent(orgId)}/mailbox/${encodeURIComponent(message.id)}/attachments/`;

  return (
    <>
      <BackLink area="mailbox" label="Mailbox" />
      <MailMessageView
        message={message}
        timeZone={organization.settings.timezone}
        locale={organization.settings.locale}
        attachmentHref={(filename) => base + encodeURIComponent(filename)}
      />
    </>
  );
}
