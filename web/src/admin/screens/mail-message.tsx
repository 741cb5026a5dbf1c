/**
 * One dev-mailbox message, as the organization's Mailbox and the platform operators' mailbox both show it: its
 * headers, its text with links clickable, its HTML version in a fully sandboxed frame and its attachments.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'wouter';
import { formatInZone, type Schemas } from '../../api/client';
import { PagedTable, type usePaged } from '../../ui/list';
import { formatBytes, linkify } from './ops/logic';
import './ops/ops.css';

export type MailboxMessage = Schemas['MailboxMessage'];

export function MailMessageView({
  message,
  timeZone,
  locale,
  attachmentHref,
  attachmentsNote,
}: {
  message: MailboxMessage;
  /** The timezone its date shows in (the organization's, or the viewer's for platform operators). */
  timeZone: string;
  locale?: string;
  /** Where an attachment downloads from; without it attachments are listed by name only. */
  attachmentHref?: (filename: string) => string;
  /** Said beside attachments that cannot be downloaded here. */
  attachmentsNote?: string;
}) {
  return (
    <>
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
          <time dateTime={message.createdAt} title={`${message.createdAt} (UTC)`}>
            {formatInZone(message.createdAt, timeZone, locale, { dateStyle: 'full', timeStyle: 'medium' })}
          </time>
        </dd>
        {message.attachments.length > 0 && (
          <>
            <dt>Attachments</dt>
            <dd>
              <ul className="ops-attachments">
                {message.attachments.map((a) => (
                  <li key={a.filename}>
                    {attachmentHref ? (
                      <a href={attachmentHref(a.filename)} download={a.filename}>
                        {a.filename}
                      </a>
                    ) : (
                      a.filename
                    )}{' '}
                    <small className="hint">
                      ({a.contentType}, {formatBytes(a.size)})
                    </small>
                  </li>
                ))}
              </ul>
              {!attachmentHref && attachmentsNote && <small className="hint">{attachmentsNote}</small>}
            </dd>
          </>
        )}
      </dl>
      <section className="card ops-card" aria-labelledby="mail-text-title">
        <h2 id="mail-text-title">Message</h2>
        {message.redacted && (
          <p className="banner" role="note">
            Links with a live token (an invitation, a password reset) are redacted: they are for the recipient only.
          </p>
        )}
        <pre className="ops-mail-text">
          {linkify(message.text).map((part, i) =>
            'href' in part && !part.href.includes('[redacted') ? (
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

/**
 * A mailbox's list: title, refresh, the "To" filter (kept in the URL's ?to=) and the paged table, for the
 * organization's mailbox and the platform's alike. `list` is fed the recipient the URL names.
 */
export function MailboxList({
  title,
  hint,
  inputId,
  placeholder,
  list,
  time,
}: {
  title: string;
  hint: ReactNode;
  inputId: string;
  placeholder: string;
  list: ReturnType<typeof usePaged<MailboxMessage>>;
  time: (iso: string) => ReactNode;
}) {
  const [params, setParams] = useSearchParams();
  const to = params.get('to') ?? '';
  const [text, setText] = useState(to);
  useEffect(() => setText(to), [to]);
  return (
    <>
      <div className="ops-head">
        <h1>{title}</h1>
        <button type="button" onClick={list.reload}>
          Refresh
        </button>
      </div>
      <p className="hint">{hint}</p>
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
          <label htmlFor={inputId}>To</label>
          <input id={inputId} type="email" value={text} onChange={(e) => setText(e.target.value)} placeholder={placeholder} maxLength={320} />
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
          { header: 'Received', cell: (m) => time(m.createdAt) },
          { header: 'To', cell: (m) => m.recipient },
          { header: 'Subject', cell: (m) => <Link href={`/${m.id}`}>{m.subject}</Link> },
          { header: 'Attachments', cell: (m) => (m.attachments.length ? m.attachments.map((a) => a.filename).join(', ') : '—') },
        ]}
      />
    </>
  );
}

/** The recipient the mailbox URL filters by (?to=). */
export function useMailboxRecipient(): string {
  const [params] = useSearchParams();
  return params.get('to') ?? '';
}
