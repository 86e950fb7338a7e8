import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Field, TextArea, TextField } from '../components/field';
import { SecretOnce } from '../components/secret-once';
import { useI18n } from '../i18n';
import { COUNTRIES } from '../regions';
import { RegistryTable } from './registry-table';
import { errorsByField } from './server-errors';

interface Partner {
  id: string;
  country: string;
  name: string;
  inboundUrl: string;
  apiKeyId: string | null;
  disabledAt: string | null;
}

const EMPTY = { country: '', name: '', inboundUrl: '', certificatePem: '', autoReissue: false };

/**
 * Partner countries' systems: register (API key shown once) and disable.
 * The API offers neither re-enabling nor key rotation for partners: a
 * disabled partner is registered again, which issues a new key.
 */
export function PartnersAdmin() {
  const { t, language } = useI18n();
  const [items, setItems] = useState<Partner[]>([]);
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [apiKey, setApiKey] = useState<string | undefined>();
  const [disabling, setDisabling] = useState<Partner | undefined>();
  const load = useCallback(
    () => void api<{ items: Partner[] }>('GET', '/v1/partners').then((list) => setItems(list.items)),
    [],
  );
  useEffect(load, [load]);

  async function add(event: FormEvent) {
    event.preventDefault();
    const e: Record<string, string> = {};
    if (form.country === '') e.country = t('err.choose');
    if (form.name.trim().length < 2) e.name = t('err.required');
    if (!/^https?:\/\/\S+$/.test(form.inboundUrl.trim())) e.inboundUrl = t('err.url');
    if (!form.certificatePem.includes('BEGIN CERTIFICATE')) e.certificatePem = t('err.certificate');
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    try {
      const created = await api<{ apiKey: string }>('POST', '/v1/partners', {
        body: { ...form, name: form.name.trim(), inboundUrl: form.inboundUrl.trim() },
      });
      setApiKey(created.apiKey);
      setForm(EMPTY);
      load();
    } catch (err) {
      setErrors(errorsByField(err, ['country', 'name', 'inboundUrl', 'certificatePem']));
    }
  }

  async function disable() {
    if (!disabling) return;
    await api('POST', `/v1/partners/${disabling.id}/disable`);
    setDisabling(undefined);
    load();
  }

  return (
    <>
      {apiKey && (
        <SecretOnce
          secrets={[{ label: t('keys.apiKey'), value: apiKey }]}
          onDone={() => setApiKey(undefined)}
        />
      )}
      <RegistryTable
        testId="partners"
        withCountry
        rows={items.map((item) => ({
          id: item.id,
          name: item.name,
          country: item.country,
          endpoint: item.inboundUrl,
          active: item.disabledAt === null,
          apiKeyId: item.apiKeyId,
          actions:
            item.disabledAt === null ? (
              <button
                type="button"
                className="danger"
                aria-label={`${t('keys.disable')}: ${item.name}`}
                onClick={() => setDisabling(item)}
              >
                {t('keys.disable')}
              </button>
            ) : null,
        }))}
      />
      {disabling && (
        <ConfirmDialog
          title={`${t('keys.disable')}: ${disabling.name}`}
          confirmLabel={t('common.confirm')}
          danger
          onConfirm={() => void disable()}
          onClose={() => setDisabling(undefined)}
        >
          <p>{t('keys.confirmDisablePartner')}</p>
        </ConfirmDialog>
      )}
      <form onSubmit={(e) => void add(e)} noValidate className="card" aria-labelledby="add-partner-title">
        <h2 id="add-partner-title">{t('keys.addPartner')}</h2>
        {errors.form && (
          <p className="error" role="alert">
            {errors.form}
          </p>
        )}
        <div className="grid">
          <Field label={t('keys.country')} error={errors.country} required>
            {({ id, describedBy, invalid }) => (
              <select
                id={id}
                name="country"
                value={form.country}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                onChange={(e) => setForm({ ...form, country: e.target.value })}
              >
                <option value="">—</option>
                {COUNTRIES.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c[language]} ({c.code})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <TextField
            name="name"
            label={t('keys.name')}
            value={form.name}
            onValue={(v) => setForm({ ...form, name: v })}
            error={errors.name}
            required
          />
          <TextField
            name="inboundUrl"
            type="url"
            label={t('keys.inboundUrl')}
            value={form.inboundUrl}
            onValue={(v) => setForm({ ...form, inboundUrl: v })}
            error={errors.inboundUrl}
            help={t('keys.webhookHelp')}
            required
          />
        </div>
        <TextArea
          name="certificatePem"
          label={t('keys.certificate')}
          value={form.certificatePem}
          onValue={(v) => setForm({ ...form, certificatePem: v })}
          error={errors.certificatePem}
          help={t('keys.certificateHelp')}
          required
        />
        <label className="check">
          <input
            type="checkbox"
            name="autoReissue"
            checked={form.autoReissue}
            onChange={(e) => setForm({ ...form, autoReissue: e.target.checked })}
          />{' '}
          {t('keys.autoReissue')}
        </label>
        <button type="submit" className="primary">
          {t('keys.addPartner')}
        </button>
      </form>
    </>
  );
}
