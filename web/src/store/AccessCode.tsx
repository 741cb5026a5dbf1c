/**
 * An access code (?code= in the link, or typed in) unlocks hidden ticket types such as a presale; it goes with every
 * hold and is applied at checkout. The code lives in the URL so a shared or reloaded link keeps it.
 */
import { useState } from 'react';
import { useI18n } from './I18n';

export function useAccessCode() {
  const [accessCode, setAccessCode] = useState<string | undefined>(() => new URLSearchParams(location.search).get('code')?.trim() || undefined);
  const [accessText, setAccessText] = useState(accessCode ?? '');
  const [accessError, setAccessError] = useState<string | undefined>(undefined);

  const applyAccessCode = (e: React.FormEvent) => {
    e.preventDefault();
    setAccessError(undefined);
    const code = accessText.trim() || undefined;
    setAccessCode(code);
    const url = new URL(location.href);
    if (code) url.searchParams.set('code', code);
    else url.searchParams.delete('code');
    history.replaceState(history.state, '', url);
  };

  /** The event page refused the code (422): say why by the field and show the event without it. */
  const refuse = (why: string) => {
    setAccessError(why);
    setAccessCode(undefined);
  };

  const withCode = <B extends object>(body: B) => (accessCode ? { ...body, accessCode } : body);

  return { accessCode, accessText, setAccessText, accessError, clearError: () => setAccessError(undefined), refuse, applyAccessCode, withCode };
}

export type AccessCodeState = ReturnType<typeof useAccessCode>;

export function AccessCodeForm({ code }: { code: AccessCodeState }) {
  const { t } = useI18n();
  return (
    <form className="access-code" onSubmit={code.applyAccessCode}>
      <label htmlFor="access-code">{t.accessCodeLabel}</label>
      <div className="row">
        <input
          id="access-code"
          name="code"
          autoComplete="off"
          value={code.accessText}
          onChange={(e) => code.setAccessText(e.target.value)}
          aria-invalid={code.accessError ? true : undefined}
          aria-describedby={code.accessError ? 'access-code-error' : undefined}
        />
        <button type="submit" className="secondary">
          {t.accessCodeApply}
        </button>
      </div>
      {code.accessError && (
        <p id="access-code-error" className="field-error" role="alert">
          {code.accessError}
        </p>
      )}
    </form>
  );
}
