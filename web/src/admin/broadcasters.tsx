import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { TextField } from '../components/field';
import { RegionPicker } from '../components/region-picker';
import { SecretOnce } from '../components/secret-once';
import { useI18n } from '../i18n';
import { RegistryTable } from './registry-table';
import { errorsByField } from './server-errors';

interface Broadcaster {
  id: string;
  name: string;
  webhookUrl: string;
  active: boolean;
  apiKeyId: string | null;
}

interface Credentials {
  broadcaster: Broadcaster;
  signingSecret?: string;
  apiKey?: string;
}

type Pending = { kind: 'rotate-secret' | 'rotate-api-key' | 'disable' | 'enable'; item: Broadcaster };

const FORMATS = ['cap', 'json'] as const;
const EMPTY = {
  name: '',
  webhookUrl: '',
  languages: ['el', 'en'],
  regions: [] as string[],
  formats: ['cap', 'json'],
};

/** Media broadcasters: register (secret and key shown once), rotate either, disable and enable. */
export function BroadcastersAdmin() {
  const { t } = useI18n();
  const [items, setItems] = useState<Broadcaster[]>([]);
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [shown, setShown] = useState<Credentials | undefined>();
  const [pending, setPending] = useState<Pending | undefined>();
  const [reason, setReason] = useState('');
  const load = useCallback(
    () => void api<{ items: Broadcaster[] }>('GET', '/v1/broadcasters').then((list) => setItems(list.items)),
    [],
  );
  useEffect(load, [load]);

  async function add(event: FormEvent) {
    event.preventDefault();
    const e: Record<string, string> = {};
    if (form.name.trim() === '') e.name = t('err.required');
    if (!/^https?:\/\/\S+$/.test(form.webhookUrl.trim())) e.webhookUrl = t('err.url');
    if (form.languages.length === 0) e.languages = t('err.choose');
    if (form.regions.length === 0) e.area = t('err.regions');
    if (form.formats.length === 0) e.formats = t('err.choose');
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    try {
      const created = await api<Credentials>('POST', '/v1/broadcasters', {
        body: {
          name: form.name.trim(),
          webhookUrl: form.webhookUrl.trim(),
          languages: form.languages,
          area: { kind: 'regions', codes: form.regions },
          formats: form.formats,
        },
      });
      setShown(created);
      setForm(EMPTY);
      load();
    } catch (err) {
      setErrors(errorsByField(err, ['name', 'webhookUrl', 'languages', 'area', 'formats']));
    }
  }

  async function act() {
    if (!pending) return;
    const { kind, item } = pending;
    const body = kind === 'disable' && reason.trim() !== '' ? { reason: reason.trim() } : {};
    const answer = await api<Credentials | Broadcaster>('POST', `/v1/broadcasters/${item.id}/${kind}`, {
      body,
    });
    setPending(undefined);
    setReason('');
    if ('broadcaster' in answer) setShown(answer);
    load();
  }

  const checkboxes = (name: 'languages' | 'formats', options: readonly string[], legend: string) => (
    <fieldset className={errors[name] ? 'field-invalid' : undefined}>
      <legend>{legend}</legend>
      <div className="radios">
        {options.map((option) => (
          <label key={option}>
            <input
              type="checkbox"
              name={name}
              value={option}
              checked={form[name].includes(option)}
              onChange={(e) =>
                setForm({
                  ...form,
                  [name]: e.target.checked ? [...form[name], option] : form[name].filter((o) => o !== option),
                })
              }
            />{' '}
            {option}
          </label>
        ))}
      </div>
      {errors[name] && (
        <p className="error" role="alert">
          {errors[name]}
        </p>
      )}
    </fieldset>
  );

  const button = (kind: Pending['kind'], item: Broadcaster, label: string, danger = false) => (
    <button
      type="button"
      className={danger ? 'danger' : undefined}
      aria-label={`${label}: ${item.name}`}
      onClick={() => setPending({ kind, item })}
    >
      {label}
    </button>
  );

  return (
    <>
      {shown && (
        <SecretOnce
          secrets={[
            ...(shown.signingSecret ? [{ label: t('keys.signingSecret'), value: shown.signingSecret }] : []),
            ...(shown.apiKey ? [{ label: t('keys.apiKey'), value: shown.apiKey }] : []),
          ]}
          onDone={() => setShown(undefined)}
        />
      )}
      <RegistryTable
        testId="broadcasters"
        rows={items.map((item) => ({
          id: item.id,
          name: item.name,
          endpoint: item.webhookUrl,
          active: item.active,
          apiKeyId: item.apiKeyId,
          actions: (
            <>
              {button('rotate-secret', item, t('keys.rotateSecret'))}
              {button('rotate-api-key', item, t('keys.rotateKey'))}
              {item.active
                ? button('disable', item, t('keys.disable'), true)
                : button('enable', item, t('keys.enable'))}
            </>
          ),
        }))}
      />
      {pending && (
        <ConfirmDialog
          title={`${t(PENDING_LABEL[pending.kind])}: ${pending.item.name}`}
          confirmLabel={t('common.confirm')}
          danger={pending.kind === 'disable'}
          onConfirm={() => void act()}
          onClose={() => setPending(undefined)}
        >
          <p>{t(PENDING_TEXT[pending.kind])}</p>
          {pending.kind === 'disable' && (
            <TextField name="disableReason" label={t('dash.reason')} value={reason} onValue={setReason} />
          )}
        </ConfirmDialog>
      )}
      <form onSubmit={(e) => void add(e)} noValidate className="card" aria-labelledby="add-broadcaster-title">
        <h2 id="add-broadcaster-title">{t('keys.addBroadcaster')}</h2>
        {errors.form && (
          <p className="error" role="alert">
            {errors.form}
          </p>
        )}
        <div className="grid">
          <TextField
            name="name"
            label={t('keys.name')}
            value={form.name}
            onValue={(v) => setForm({ ...form, name: v })}
            error={errors.name}
            required
          />
          <TextField
            name="webhookUrl"
            type="url"
            label={t('keys.webhookUrl')}
            value={form.webhookUrl}
            onValue={(v) => setForm({ ...form, webhookUrl: v })}
            error={errors.webhookUrl}
            help={t('keys.webhookHelp')}
            required
          />
        </div>
        {checkboxes('languages', ['el', 'en'], t('keys.languages'))}
        {checkboxes('formats', FORMATS, t('keys.formats'))}
        <RegionPicker
          name="broadcasterArea"
          legend={t('keys.area')}
          value={form.regions}
          onChange={(regions) => setForm({ ...form, regions })}
          error={errors.area}
        />
        <button type="submit" className="primary">
          {t('keys.addBroadcaster')}
        </button>
      </form>
    </>
  );
}

const PENDING_LABEL = {
  'rotate-secret': 'keys.rotateSecret',
  'rotate-api-key': 'keys.rotateKey',
  disable: 'keys.disable',
  enable: 'keys.enable',
} as const;

const PENDING_TEXT = {
  'rotate-secret': 'keys.confirmRotateSecret',
  'rotate-api-key': 'keys.confirmRotateKey',
  disable: 'keys.confirmDisable',
  enable: 'keys.confirmEnable',
} as const;
