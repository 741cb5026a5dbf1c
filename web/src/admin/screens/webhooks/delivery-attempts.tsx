/** A delivery's attempts (time, status, duration, outcome) and its payload, folded away. */
import { type Schemas } from '../../../api/client';
import { JsonBlock, Time } from '../ops/common';
import { describeAttempt, formatDuration } from '../ops/logic';

type Delivery = Schemas['WebhookDelivery'];

export function DeliveryAttempts({ delivery }: { delivery: Delivery }) {
  return (
    <details className="ops-more">
      <summary>
        {delivery.attempts.length} {delivery.attempts.length === 1 ? 'attempt' : 'attempts'} and payload
      </summary>
      {delivery.attempts.length > 0 && (
        <table className="ops-attempts">
          <caption className="visually-hidden">Attempts of delivery {delivery.id}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time</th>
              <th scope="col">HTTP status</th>
              <th scope="col">Duration</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {delivery.attempts.map((a, i) => {
              const d = describeAttempt(a);
              return (
                <tr key={`${a.at}-${i}`}>
                  <td>{i + 1}</td>
                  <td>
                    <Time iso={a.at} opts={{ dateStyle: 'short', timeStyle: 'medium' }} />
                  </td>
                  <td>{a.status ?? '—'}</td>
                  <td>{formatDuration(a.durationMs)}</td>
                  <td className={d.ok ? '' : 'field-error'}>{d.outcome}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="hint">
        webhook-id <code>{delivery.eventId}</code>
      </p>
      <JsonBlock value={delivery.payload} label="Payload" />
    </details>
  );
}

