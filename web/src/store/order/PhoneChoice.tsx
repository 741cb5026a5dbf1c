/**
 * The SMS/WhatsApp choice as a buyer makes it (at checkout, on the order page, joining a waiting list): email only or a channel, the
 * number, and the explicit opt-in box with the server's wording (GET /public/notification-channels), whose version
 * goes along so the server records exactly what was shown.
 */
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { Field } from '../../ui/forms';
import { useI18n } from '../I18n';

type Offer = Schemas['NotificationChannelsOffer'];
export type PhoneChoiceValue = { channel: 'sms' | 'whatsapp' | null; phone: string; consent: boolean };
export type ChannelChoiceBody = Schemas['ChannelChoice'];

let offerOnce: Promise<Offer | null> | null = null;
/** What the deployment offers (cached per page load; a failure means email only). */
export function useChannelOffer(): Offer | null {
  const [offer, setOffer] = useState<Offer | null>(null);
  useEffect(() => {
    offerOnce ??= call(api.GET('/api/v1/public/notification-channels')).catch(() => null);
    void offerOnce.then(setOffer);
  }, []);
  return offer;
}

/** The request body for a choice, or undefined for email only. */
export function choiceBody(value: PhoneChoiceValue, offer: Offer | null, lang: 'en' | 'af'): ChannelChoiceBody | undefined {
  if (!value.channel || !offer) return undefined;
  return { channel: value.channel, phone: value.phone.trim(), consent: value.consent as true, wordingVersion: offer.wordingVersion, locale: lang };
}

/** `purpose` picks the opt-in sentence: the order's ticket link and reminders, or the waiting list's offer. */
export function PhoneChoice({ offer, value, onChange, errors, name, purpose = 'order' }: { offer: Offer; value: PhoneChoiceValue; onChange: (v: PhoneChoiceValue) => void; errors: Record<string, string>; name: string; purpose?: 'order' | 'waitlist' }) {
  const { t, lang } = useI18n();
  const err = (k: string) => errors[`${name}.${k}`] ?? errors[k];
  return (
    <fieldset className="phone-choice">
      <legend>{t.phoneChannels}</legend>
      <div className="choices" role="radiogroup">
        {([null, ...offer.available] as const).map((c) => (
          <label key={c ?? 'none'} className="choice">
            <input type="radio" name={`${name}-channel`} checked={value.channel === c} onChange={() => onChange({ ...value, channel: c })} />
            {c ? t.phoneChannelName[c] : t.phoneChannelNone}
          </label>
        ))}
      </div>
      {value.channel && (
        <>
          <Field label={t.phoneNumber} error={err('phone')} hint={t.phoneHint}>
            {(a) => <input {...a} name={`${name}-phone`} type="tel" autoComplete="tel" inputMode="tel" value={value.phone} onChange={(e) => onChange({ ...value, phone: e.target.value })} />}
          </Field>
          <label className={`checkbox${err('consent') ? ' invalid' : ''}`}>
            <input type="checkbox" name={`${name}-consent`} checked={value.consent} onChange={(e) => onChange({ ...value, consent: e.target.checked })} />
            {(purpose === 'waitlist' ? offer.waitlistWording : offer.wording)[lang][value.channel]}
          </label>
          {err('consent') && (
            <small className="field-error" role="alert">
              {err('consent')}
            </small>
          )}
        </>
      )}
    </fieldset>
  );
}
