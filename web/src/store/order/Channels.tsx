/**
 * The order page's SMS/WhatsApp panel: what the buyer chose (the number masked), change channel or number (with the
 * opt-in box again), or stop phone messages for this order (STOP); email continues either way.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, call, type Schemas, asApiError } from '../../api/client';
import { ProblemBanner } from '../../ui/forms';
import { useI18n } from '../I18n';
import { choiceBody, PhoneChoice, useChannelOffer, type PhoneChoiceValue } from './PhoneChoice';

type OrderChannels = Schemas['OrderChannels'];

export default function Channels({ accessToken }: { accessToken: string }) {
  const { t, lang } = useI18n();
  const offer = useChannelOffer();
  const [state, setState] = useState<OrderChannels | null>(null);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<PhoneChoiceValue>({ channel: null, phone: '', consent: false });
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const params = { params: { path: { accessToken } } };

  const load = useCallback(() => call(api.GET('/api/v1/public/orders/{accessToken}/channels', params)).then(setState).catch(() => setState(null)), [accessToken]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => void load(), [load]);

  if (!state || !offer || (state.available.length === 0 && !state.channel)) return null;

  const save = async () => {
    setError(null);
    setSaved(false);
    const body = choiceBody(value, offer, lang);
    try {
      setState(body ? await call(api.PUT('/api/v1/public/orders/{accessToken}/channels', { ...params, body })) : await call(api.DELETE('/api/v1/public/orders/{accessToken}/channels', params)));
      setEditing(false);
      setSaved(true);
    } catch (e) {
      setError(asApiError(e));
    }
  };

  const stop = async () => {
    setError(null);
    try {
      setState(await call(api.DELETE('/api/v1/public/orders/{accessToken}/channels', params)));
      setSaved(true);
    } catch (e) {
      setError(asApiError(e));
    }
  };

  return (
    <section className="card" aria-labelledby="phone-channels-heading">
      <h2 id="phone-channels-heading">{t.phoneChannelsHeading}</h2>
      <p>{state.channel && state.phone ? t.phoneCurrent(t.phoneChannelName[state.channel], state.phone) : state.optedOutAt ? t.phoneOptedOut : t.phoneEmailOnly}</p>
      <div aria-live="polite">{saved && <p className="banner ok" role="status">{t.phoneSaved}</p>}</div>
      {error && <ProblemBanner error={error} fields={['channel', 'phone', 'consent', 'wordingVersion']} />}
      {editing ? (
        <>
          <PhoneChoice offer={offer} value={value} onChange={setValue} errors={error?.fieldErrors() ?? {}} name="order-phone" />
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => void save()}>
              {t.phoneSave}
            </button>
          </div>
        </>
      ) : (
        <div className="toolbar">
          <button type="button" onClick={() => (setEditing(true), setSaved(false), setValue({ channel: state.channel ?? offer.available[0] ?? null, phone: '', consent: false }))}>
            {t.phoneChange}
          </button>
          {state.channel && (
            <button type="button" onClick={() => void stop()}>
              {t.phoneStop}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
