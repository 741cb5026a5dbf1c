/**
 * The platform's dev mailbox (GET /platform/mailbox): every email kept while EMAIL_PROVIDER is "mailbox", across
 * organizations and outside them — password resets and sign-up mail land here — filtered by recipient. A message
 * shows with the organization Mailbox's own view (MailMessageView).
 */
import { Route, Switch } from 'wouter';
import { ApiError, api, call } from '../../../api/client';
import { usePaged } from '../../../ui/list';
import { useLoad } from '../../../ui/load';
import { MailboxList, MailMessageView, useMailboxRecipient, type MailboxMessage } from '../mail-message';
import { errorText } from '../ops/common';
import { PLATFORM_TIME_ZONE, PlatformBack, PlatformTime } from './common';
import { findInPages } from './logic';

const LIST = '~/admin/platform/mailbox';
/** Messages seen on the list, so opening one shows it at once (the API has no one-message GET here). */
const seen = new Map<string, MailboxMessage>();

const page = (cursor: string | undefined, to?: string) =>
  call(api.GET('/api/v1/platform/mailbox', { params: { query: { cursor, limit: 25, to: to || undefined } } })).then((p) => {
    for (const m of p.items) seen.set(m.id, m);
    return p;
  });

export default function PlatformMailboxScreen() {
  return (
    <Switch>
      <Route path="/" component={MailList} />
      <Route path="/:messageId">{(p) => <MailMessage id={p.messageId} />}</Route>
    </Switch>
  );
}

function MailList() {
  const to = useMailboxRecipient();
  const list = usePaged<MailboxMessage>((cursor) => page(cursor, to), [to]);
  return (
    <MailboxList
      title="Platform mailbox"
      hint="Development mailbox: every email the platform sent is kept here instead of being delivered — including mail outside any organization, such as password resets."
      inputId="platform-mail-to"
      placeholder="someone@example.com"
      list={list}
      time={(iso) => <PlatformTime iso={iso} />}
    />
  );
}

function MailMessage({ id }: { id: string }) {
  const { data: message, error, loading } = useLoad(async () => {
    const hit = seen.get(id);
    if (hit) return hit;
    const found = await findInPages((cursor) => page(cursor), id);
    if (!found) throw new ApiError({ title: 'Not found', status: 404, detail: 'There is no such message (or it is older than the last 500).' });
    return found;
  }, [id]);

  return (
    <>
      <PlatformBack href={LIST} label="Platform mailbox" />
      {message ? (
        <MailMessageView
          message={message}
          timeZone={PLATFORM_TIME_ZONE}
          attachmentsNote="Attachments download from the organization's own Mailbox (Mailbox in its console)."
        />
      ) : error ? (
        <p className="banner error" role="alert">
          {errorText(error)}
        </p>
      ) : (
        loading && <p className="loading">Loading…</p>
      )}
    </>
  );
}
