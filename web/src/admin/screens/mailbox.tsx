/**
 * The dev mailbox: every email the platform sent for this organization while EMAIL_PROVIDER is "mailbox" (order
 * confirmations with their tickets PDF, refunds, invitations…), newest first, and each message (MailMessageView,
 * shared with the platform operators' mailbox) with its links clickable, its HTML version in a fully sandboxed frame
 * and its attachments.
 */
import { Route, Switch } from 'wouter';
import { api, call } from '../../api/client';
import { usePaged } from '../../ui/list';
import { useLoad } from '../../ui/load';
import { useOrg } from '../session';
import { BackLink, RecordPending, Time } from './ops/common';
import { MailboxList, MailMessageView, useMailboxRecipient, type MailboxMessage as Message } from './mail-message';
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
  const to = useMailboxRecipient();
  const list = usePaged<Message>((cursor) => call(api.GET('/api/v1/orgs/{orgId}/mailbox', { params: { path: { orgId }, query: { cursor, limit: 25, to: to || undefined } } })), [orgId, to]);
  return (
    <MailboxList
      title="Mailbox"
      hint="Development mailbox: the emails sent for this organization are kept here instead of being delivered."
      inputId="mail-to"
      placeholder="buyer@example.com"
      list={list}
      time={(iso) => <Time iso={iso} />}
    />
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
