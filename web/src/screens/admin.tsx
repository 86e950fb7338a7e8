import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { TextField } from '../components/field';
import { useI18n } from '../i18n';
import { ROLES } from '../types';

interface User {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  disabled: boolean;
}

type Section = 'users' | 'broadcasters' | 'partners';

/** The NGO admin: users and roles, broadcasters and partners (their keys are shown once, at creation or rotation). */
export function AdminScreen({ section }: { section: Section }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t(`nav.${section}`)}</h1>
      {section === 'users' ? <Users /> : <Registry section={section} />}
    </section>
  );
}

function Users() {
  const { t } = useI18n();
  const [users, setUsers] = useState<User[]>([]);
  const [form, setForm] = useState({ username: '', displayName: '', password: '', role: 'police_officer' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const load = useCallback(
    () => void api<{ items: User[] }>('GET', '/v1/users').then((list) => setUsers(list.items)),
    [],
  );
  useEffect(load, [load]);

  async function add(event: FormEvent) {
    event.preventDefault();
    const e: Record<string, string> = {};
    if (form.username.trim() === '') e.username = t('err.required');
    if (form.displayName.trim() === '') e.displayName = t('err.required');
    if (form.password.length < 12) e.password = t('err.required');
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    try {
      await api('POST', '/v1/users', {
        body: {
          username: form.username.trim(),
          displayName: form.displayName.trim(),
          password: form.password,
          roles: [form.role],
        },
      });
      setForm({ username: '', displayName: '', password: '', role: form.role });
      load();
    } catch (err) {
      setErrors(
        err instanceof ApiError ? { ...err.fieldProblems(), form: err.message } : { form: String(err) },
      );
    }
  }

  return (
    <>
      <table className="queue">
        <thead>
          <tr>
            <th scope="col">{t('users.username')}</th>
            <th scope="col">{t('users.displayName')}</th>
            <th scope="col">{t('users.roles')}</th>
            <th scope="col">{t('users.disabled')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>{user.username}</td>
              <td>{user.displayName}</td>
              <td>{user.roles.join(', ')}</td>
              <td>{user.disabled ? '✔' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void add(e)} noValidate className="card">
        <h2>{t('users.add')}</h2>
        {errors.form && <p className="error">{errors.form}</p>}
        <div className="grid">
          <TextField
            name="username"
            label={t('users.username')}
            value={form.username}
            onValue={(v) => setForm({ ...form, username: v })}
            error={errors.username}
            required
          />
          <TextField
            name="displayName"
            label={t('users.displayName')}
            value={form.displayName}
            onValue={(v) => setForm({ ...form, displayName: v })}
            error={errors.displayName}
            required
          />
          <TextField
            name="password"
            type="password"
            label={t('users.password')}
            value={form.password}
            onValue={(v) => setForm({ ...form, password: v })}
            error={errors.password}
            help="≥ 12"
            required
          />
          <label>
            {t('users.roles')}{' '}
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
              {ROLES.map((role) => (
                <option key={role}>{role}</option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit" className="primary">
          {t('users.add')}
        </button>
      </form>
    </>
  );
}

interface RegistryItem {
  id: string;
  name: string;
  country?: string;
  webhookUrl?: string;
  inboundUrl?: string;
  active?: boolean;
  disabledAt?: string | null;
  apiKeyId?: string | null;
}

function Registry({ section }: { section: 'broadcasters' | 'partners' }) {
  const { t } = useI18n();
  const [items, setItems] = useState<RegistryItem[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api<{ items: RegistryItem[] } | RegistryItem[]>('GET', `/v1/${section}`).then(
      (list) => setItems(Array.isArray(list) ? list : list.items),
      (e: Error) => setError(e.message),
    );
  }, [section]);
  if (error) return <p className="error">{error}</p>;
  if (!items) return <p>{t('common.loading')}</p>;
  if (items.length === 0) return <p>{t('common.none')}</p>;
  return (
    <table className="queue">
      <thead>
        <tr>
          <th scope="col">{t('keys.name')}</th>
          {section === 'partners' && <th scope="col">{t('keys.country')}</th>}
          <th scope="col">{t('keys.endpoint')}</th>
          <th scope="col">{t('keys.status')}</th>
          <th scope="col">API key</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <td>{item.name}</td>
            {section === 'partners' && <td>{item.country}</td>}
            <td>{item.webhookUrl ?? item.inboundUrl}</td>
            <td>{item.active === false || item.disabledAt ? '✖' : '✔'}</td>
            <td>{item.apiKeyId ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
