/**
 * The storefront's event: loaded (with the buyer's access code, which may unlock hidden ticket types; a code the API
 * refuses is said beside the code form), the page's title, and the organizer's language as the page's default
 * (unless the buyer chose one or the browser prefers one we have).
 */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, call, type Schemas, asApiError } from '../api/client';
import type { useAccessCode } from './AccessCode';
import { useI18n } from './I18n';

type PublicEvent = Schemas['PublicEvent'];

export function usePublicEvent(eventId: string, code: ReturnType<typeof useAccessCode>) {
  const { t, setOrganizerLang } = useI18n();
  const [event, setEvent] = useState<PublicEvent | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const { accessCode } = code;

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setEvent(await call(api.GET('/api/v1/public/events/{eventId}', { params: { path: { eventId }, query: accessCode ? { code: accessCode } : {} } })));
      // Only a code that worked clears the error: the reload without a refused code must leave its message standing.
      if (accessCode) code.clearError();
    } catch (e) {
      if (accessCode && e instanceof ApiError && e.status === 422) return code.refuse(e.problem.detail ?? t.accessCodeInvalid);
      setLoadError(asApiError(e));
    }
  }, [eventId, accessCode]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (event) document.title = `${event.name} · ${t.appName}`;
  }, [event, t.appName]);

  const organizerLocale = event?.locale;
  useEffect(() => {
    if (organizerLocale) setOrganizerLang(organizerLocale);
  }, [organizerLocale, setOrganizerLang]);

  return { event, setEvent, loadError, load };
}
