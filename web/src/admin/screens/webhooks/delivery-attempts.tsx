/** A delivery's attempts (time, status, duration, outcome) and its payload, folded away. */
import { type Schemas } from '../../../api/client';
import { Table } from '../../../ui/table';
import { JsonBlock, Time } from '../ops/common';
import { describeAttempt, formatDuration } from '../ops/logic';

type Delivery = Schemas['WebhookDelivery'];
type Attempt = Delivery['attempts'][number];

export function DeliveryAttempts({ delivery }: { delivery: Delivery }) {
  return (
    <details className="ops-more">
      <summary>
        {delivery.attempts.length} {delivery.attempts.length === 1 ? 'attempt' : 'attempts'} and payload
      </summary>
      {delivery.attempts.length > 0 && (
        <Table<Attempt & { n: number }>
          className="ops-attempts"
          caption={`Attempts of delivery ${delivery.id}`}
          captionHidden
          items={delivery.attempts.map((a, i) => ({ ...a, n: i + 1 }))}
          rowKey={(a) => `${a.at}-${a.n}`}
          columns={[
            { header: 'Attempt', rowHeader: true, cell: (a) => `#${a.n}` },
            { header: 'Time', cell: (a) => <Time iso={a.at} opts={{ dateStyle: 'short', timeStyle: 'medium' }} /> },
            { header: 'HTTP status', cell: (a) => a.status ?? '—' },
            { header: 'Duration', cell: (a) => formatDuration(a.durationMs) },
            { header: 'Outcome', cellClassName: (a) => (describeAttempt(a).ok ? undefined : 'field-error'), cell: (a) => describeAttempt(a).outcome },
          ]}
        />
      )}
      <p className="hint">
        webhook-id <code>{delivery.eventId}</code>
      </p>
      <JsonBlock value={delivery.payload} label="Payload" />
    </details>
  );
}

