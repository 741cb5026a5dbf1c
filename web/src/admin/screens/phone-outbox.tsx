/**
 * The dev phone outbox: every SMS and WhatsApp message the platform sent for this organization while SMS_PROVIDER /
 * WHATSAPP_PROVIDER is "outbox", newest first, with its full text, the SMS alphabet it needs and how many parts it
 * takes. Filter by number (?to=, E.164) and channel (?channel=).
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'wouter';
import { api, call, type Schemas } from '../../api/client';
import { PagedTable, usePaged } from '../../ui/list';
import { useOrg } from '../session';
import { Time } from './ops/common';
import './ops/ops.css';

type Message = Schemas['PhoneOutboxMessage'];

export default function PhoneOutboxScreen() {
  const { orgId } = useOrg();
  const [params, setParams] = useSearchParams();
  const to = params.get('to') ?? '';
  const channel = (params.get('channel') ?? '') as '' | 'sms' | 'whatsapp';
  const [text, setText] = useState(to);
  useEffect(() => setText(to), [to]);
  const list = usePaged<Message>(
    (cursor) => call(api.GET('/api/v1/orgs/{orgId}/phone-outbox', { params: { path: { orgId }, query: { cursor, limit: 25, to: to || undefined, channel: channel || undefined } } })),
    [orgId, to, channel],
  );
  const filter = (next: { to?: string; channel?: string }) => {
    const p = new URLSearchParams();
    const t = (next.to ?? to).trim();
    const c = next.channel ?? channel;
    if (t) p.set('to', t);
    if (c) p.set('channel', c);
    setParams(p, { replace: true });
  };
  return (
    <>
      <div className="ops-head">
        <h1>SMS &amp; WhatsApp outbox</h1>
        <button type="button" onClick={list.reload}>
          Refresh
        </button>
      </div>
      <p className="hint">Development outbox: the SMS and WhatsApp messages sent for this organization are kept here instead of being delivered.</p>
      <form
        className="toolbar ops-filters"
        role="search"
        aria-label="Filter messages"
        onSubmit={(e) => {
          e.preventDefault();
          filter({ to: text });
        }}
      >
        <div className="field grow">
          <label htmlFor="outbox-to">To</label>
          <input id="outbox-to" type="tel" value={text} onChange={(e) => setText(e.target.value)} placeholder="+27821234567" maxLength={20} />
        </div>
        <div className="field">
          <label htmlFor="outbox-channel">Channel</label>
          <select id="outbox-channel" value={channel} onChange={(e) => filter({ channel: e.target.value })}>
            <option value="">All</option>
            <option value="sms">SMS</option>
            <option value="whatsapp">WhatsApp</option>
          </select>
        </div>
        <button type="submit" className="primary">
          Filter
        </button>
      </form>
      <PagedTable
        list={list}
        caption="Messages, newest first"
        rowKey={(m) => m.id}
        empty="No messages yet."
        columns={[
          { header: 'Sent', cell: (m) => <Time iso={m.createdAt} /> },
          { header: 'Channel', cell: (m) => (m.channel === 'sms' ? 'SMS' : 'WhatsApp') },
          { header: 'To', cell: (m) => m.recipient },
          { header: 'Template', cell: (m) => `${m.template} (${m.locale})` },
          { header: 'Text', cell: (m) => <span className="ops-mail-text">{m.text}</span> },
          { header: 'Parts', cell: (m) => `${m.segments} × ${m.encoding === 'gsm7' ? 'GSM-7' : 'UCS-2'}`, className: 'num' },
        ]}
      />
    </>
  );
}
