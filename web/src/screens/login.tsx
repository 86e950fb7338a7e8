import { type FormEvent, useState } from 'react';
import { api, ApiError, session } from '../api';
import { TextField } from '../components/field';
import { useI18n } from '../i18n';

export function LoginScreen({ onLogin }: { onLogin: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ username?: string; password?: string; form?: string }>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = {
      username: username.trim() === '' ? t('err.required') : undefined,
      password: password === '' ? t('err.required') : undefined,
    };
    if (missing.username || missing.password) return setErrors(missing);
    try {
      const { accessToken } = await api<{ accessToken: string }>('POST', '/v1/auth/token', {
        body: { username: username.trim(), password },
      });
      session.set(accessToken);
      onLogin();
    } catch (error) {
      setErrors({ form: error instanceof ApiError ? error.message : String(error) });
    }
  }

  return (
    <form className="card narrow" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <TextField
        name="username"
        label={t('login.username')}
        value={username}
        onValue={setUsername}
        error={errors.username}
        autoComplete="username"
        required
      />
      <TextField
        name="password"
        type="password"
        label={t('login.password')}
        value={password}
        onValue={setPassword}
        error={errors.password}
        autoComplete="current-password"
        required
      />
      <button type="submit" className="primary">
        {t('login.submit')}
      </button>
    </form>
  );
}
