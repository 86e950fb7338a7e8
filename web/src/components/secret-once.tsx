import { useState } from 'react';
import { useI18n } from '../i18n';

/**
 * A secret the server shows this once (a signing secret, an API key): the
 * value in full, a copy button, and a plain warning that it will not be shown again.
 */
export function SecretOnce({
  secrets,
  onDone,
}: {
  secrets: { label: string; value: string }[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<string | undefined>();
  async function copy(label: string, value: string, input: HTMLInputElement | null) {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // No clipboard permission: select the text so Ctrl+C takes it.
      input?.select();
      document.execCommand('copy');
    }
    setCopied(label);
  }
  return (
    <section
      className="secret-once"
      role="alert"
      aria-labelledby="secret-once-title"
      data-testid="secret-once"
    >
      <h2 id="secret-once-title">{t('keys.onceTitle')}</h2>
      <p className="warning">{t('keys.onceWarning')}</p>
      {secrets.map(({ label, value }) => {
        const id = `secret-${label.replace(/\W+/g, '-')}`;
        return (
          <div key={label} className="field secret">
            <label htmlFor={id}>{label}</label>
            <div className="secret-row">
              <input id={id} readOnly value={value} className="mono" onFocus={(e) => e.target.select()} />
              <button
                type="button"
                onClick={(e) =>
                  void copy(label, value, e.currentTarget.parentElement!.querySelector('input'))
                }
                aria-label={`${t('keys.copy')}: ${label}`}
              >
                {t('keys.copy')}
              </button>
            </div>
            {copied === label && (
              <p className="success" aria-live="polite">
                {t('keys.copied')}
              </p>
            )}
          </div>
        );
      })}
      <button type="button" className="primary" onClick={onDone}>
        {t('keys.saved')}
      </button>
    </section>
  );
}
