import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { errorsByField } from '../admin/server-errors';
import { TextArea, TextField } from '../components/field';
import { useI18n } from '../i18n';
import type { AlertContent } from '../types';

const SERVER_FIELDS = {
  'child.clothing': 'clothing',
  'lastSeen.place.address': 'address',
  'texts.el.circumstances': 'elCircumstances',
  'texts.en.circumstances': 'enCircumstances',
} as const;

type Name = (typeof SERVER_FIELDS)[keyof typeof SERVER_FIELDS];

/**
 * A change to an ACTIVE alert (POST /v1/alerts/{id}/versions, a JSON Merge
 * Patch of the live content): only what changed, validated again by a
 * supervisor, then published by the NGO.
 */
export function ProposeUpdate({
  id,
  content,
  onDone,
}: {
  id: string;
  content: AlertContent;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const empty: Record<Name, string> = { clothing: '', address: '', elCircumstances: '', enCircumstances: '' };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const hasEnglish = content.languages.includes('en');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = (name: Name) => form[name].trim();
    const patch: Record<string, unknown> = {};
    if (value('clothing')) patch.child = { clothing: value('clothing') };
    if (value('address')) patch.lastSeen = { place: { address: value('address') } };
    const texts: Record<string, unknown> = {};
    if (value('elCircumstances')) texts.el = { circumstances: value('elCircumstances') };
    if (hasEnglish && value('enCircumstances')) texts.en = { circumstances: value('enCircumstances') };
    if (Object.keys(texts).length > 0) patch.texts = texts;
    if (Object.keys(patch).length === 0) return setErrors({ form: t('err.noChange') });
    setErrors({});
    setBusy(true);
    try {
      await api('POST', `/v1/alerts/${id}/versions`, { body: patch });
      setForm(empty);
      onDone();
    } catch (err) {
      const found = errorsByField(err, Object.keys(SERVER_FIELDS));
      const mapped: Record<string, string> = {};
      for (const [key, message] of Object.entries(found))
        mapped[SERVER_FIELDS[key as keyof typeof SERVER_FIELDS] ?? key] = message;
      setErrors(mapped);
    } finally {
      setBusy(false);
    }
  }

  const field = (name: Name, label: string, long = false) => {
    const props = {
      name: `update-${name}`,
      label,
      value: form[name],
      onValue: (v: string) => {
        setForm({ ...form, [name]: v });
        setErrors((e) => ({ ...e, [name]: undefined, form: undefined }) as Record<string, string>);
      },
      error: errors[name],
    };
    return long ? <TextArea {...props} /> : <TextField {...props} />;
  };

  return (
    <form
      onSubmit={(e) => void submit(e)}
      noValidate
      className="card"
      aria-labelledby="update-title"
      data-testid="propose-update"
    >
      <h2 id="update-title">{t('update.title')}</h2>
      <p className="help">{t('update.help')}</p>
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="grid">
        {field('clothing', t('update.clothing'))}
        {field('address', t('update.address'))}
      </div>
      {field('elCircumstances', t('update.elCircumstances'), true)}
      {hasEnglish && field('enCircumstances', t('update.enCircumstances'), true)}
      <button type="submit" className="primary" disabled={busy}>
        {t('update.submit')}
      </button>
    </form>
  );
}
