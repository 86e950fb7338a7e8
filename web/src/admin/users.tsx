import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { TextField } from '../components/field';
import { useI18n } from '../i18n';
import { ROLES, type Role } from '../types';
import { errorsByField } from './server-errors';

interface User {
  id: string;
  username: string;
  displayName: string;
  organisation: string;
  roles: Role[];
  disabled: boolean;
}

const USERNAME = /^[a-z0-9._-]{3,64}$/;
const EMPTY = { username: '', displayName: '', password: '', roles: [] as Role[] };

/** Roles as checkboxes in a group with its error beside it. */
function RoleChoice({
  value,
  onChange,
  error,
  name,
}: {
  value: Role[];
  onChange: (roles: Role[]) => void;
  error?: string;
  name: string;
}) {
  const { t } = useI18n();
  return (
    <fieldset className={error ? 'field-invalid' : undefined}>
      <legend>{t('users.roles')}</legend>
      <div className="radios">
        {ROLES.map((role) => (
          <label key={role}>
            <input
              type="checkbox"
              name={name}
              value={role}
              checked={value.includes(role)}
              onChange={(e) =>
                onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))
              }
            />{' '}
            {t(`role.${role}`)}
          </label>
        ))}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** The NGO admin's users: create, change roles, disable and enable again. */
export function UsersAdmin() {
  const { t } = useI18n();
  const [users, setUsers] = useState<User[]>([]);
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState<User | undefined>();
  const [editRoles, setEditRoles] = useState<Role[]>([]);
  const [editError, setEditError] = useState<Record<string, string>>({});
  const [toggling, setToggling] = useState<User | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const load = useCallback(
    () => void api<{ items: User[] }>('GET', '/v1/users').then((list) => setUsers(list.items)),
    [],
  );
  useEffect(load, [load]);

  async function add(event: FormEvent) {
    event.preventDefault();
    const e: Record<string, string> = {};
    if (!USERNAME.test(form.username.trim().toLowerCase())) e.username = t('err.username');
    if (form.displayName.trim() === '') e.displayName = t('err.required');
    if (form.password.length < 12) e.password = t('err.password');
    if (form.roles.length === 0) e.roles = t('err.roles');
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    try {
      const user = await api<User>('POST', '/v1/users', {
        body: { ...form, username: form.username.trim(), displayName: form.displayName.trim() },
      });
      setForm(EMPTY);
      setNotice(t('users.created', { name: user.username }));
      load();
    } catch (err) {
      setErrors(errorsByField(err, ['username', 'displayName', 'password', 'roles']));
    }
  }

  async function saveRoles() {
    if (!editing) return;
    if (editRoles.length === 0) return setEditError({ roles: t('err.roles') });
    try {
      await api('PATCH', `/v1/users/${editing.id}`, { body: { roles: editRoles } });
      setEditing(undefined);
      load();
    } catch (err) {
      setEditError(errorsByField(err, ['roles']));
    }
  }

  async function toggle() {
    if (!toggling) return;
    await api('PATCH', `/v1/users/${toggling.id}`, { body: { disabled: !toggling.disabled } });
    setToggling(undefined);
    load();
  }

  return (
    <>
      {notice && (
        <p className="success" role="status">
          {notice}
        </p>
      )}
      <table className="queue" data-testid="users">
        <thead>
          <tr>
            <th scope="col">{t('users.username')}</th>
            <th scope="col">{t('users.displayName')}</th>
            <th scope="col">{t('users.roles')}</th>
            <th scope="col">{t('keys.status')}</th>
            <th scope="col">{t('keys.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-user={user.username}>
              <td>{user.username}</td>
              <td>{user.displayName}</td>
              <td>{user.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
              <td>{user.disabled ? t('keys.disabled') : t('keys.active')}</td>
              <td className="row-actions">
                <button
                  type="button"
                  aria-label={`${t('users.editRoles')}: ${user.username}`}
                  onClick={() => (setEditing(user), setEditRoles(user.roles), setEditError({}))}
                >
                  {t('users.editRoles')}
                </button>
                <button
                  type="button"
                  className={user.disabled ? undefined : 'danger'}
                  aria-label={`${user.disabled ? t('keys.enable') : t('keys.disable')}: ${user.username}`}
                  onClick={() => setToggling(user)}
                >
                  {user.disabled ? t('keys.enable') : t('keys.disable')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <ConfirmDialog
          title={`${t('users.editRoles')}: ${editing.username}`}
          confirmLabel={t('common.save')}
          onConfirm={() => void saveRoles()}
          onClose={() => setEditing(undefined)}
        >
          <RoleChoice name="editRoles" value={editRoles} onChange={setEditRoles} error={editError.roles} />
          {editError.form && <p className="error">{editError.form}</p>}
        </ConfirmDialog>
      )}
      {toggling && (
        <ConfirmDialog
          title={`${toggling.disabled ? t('keys.enable') : t('keys.disable')}: ${toggling.username}`}
          confirmLabel={t('common.confirm')}
          danger={!toggling.disabled}
          onConfirm={() => void toggle()}
          onClose={() => setToggling(undefined)}
        >
          <p>{toggling.disabled ? t('users.confirmEnable') : t('users.confirmDisable')}</p>
        </ConfirmDialog>
      )}
      <form onSubmit={(e) => void add(e)} noValidate className="card" aria-labelledby="add-user-title">
        <h2 id="add-user-title">{t('users.add')}</h2>
        {errors.form && (
          <p className="error" role="alert">
            {errors.form}
          </p>
        )}
        <div className="grid">
          <TextField
            name="username"
            label={t('users.username')}
            value={form.username}
            onValue={(v) => setForm({ ...form, username: v })}
            error={errors.username}
            help={t('users.usernameHelp')}
            autoComplete="off"
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
            help={t('users.passwordHelp')}
            autoComplete="new-password"
            required
          />
        </div>
        <RoleChoice
          name="roles"
          value={form.roles}
          onChange={(roles) => setForm({ ...form, roles })}
          error={errors.roles}
        />
        <button type="submit" className="primary">
          {t('users.add')}
        </button>
      </form>
    </>
  );
}
