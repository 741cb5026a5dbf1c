/**
 * One dev-mailbox message, as the organization's Mailbox and the platform operators' mailbox both show it: its
 * headers, its text with links clickable, its HTML version in a fully sandboxed frame and its attachments.
 */
import { formatInZone, type Schemas } from '../../api/client';
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
