import { type FormEvent, useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { ExerciseBanner } from '../components/exercise-banner';
import { TextField } from '../components/field';
import { useI18n } from '../i18n';
import { go } from '../router';
import { CHANNELS, contentOf, type Preview } from '../types';
import { AlertSummaryView } from './alert-summary';
import { Renderings } from './renderings';
import { useAlert } from './use-alert';

/** Accepted in either language, so the keyboard layout does not stand in the way. */
export const CONFIRM_WORDS = ['ACTIVATE', 'ΕΝΕΡΓΟΠΟΙΗΣΗ'];

/** The NGO operator: channels, every rendering side by side, then activation with a typed confirmation. */
export function ActivateScreen({ id, onExercise }: { id: string; onExercise: (on: boolean) => void }) {
  const { t, language } = useI18n();
  const { alert, error } = useAlert(id);
  const [channels, setChannels] = useState<string[]>(['email', 'webpush']);
  const [preview, setPreview] = useState<Preview | undefined>();
  const [word, setWord] = useState('');
  const [errors, setErrors] = useState<{ channels?: string; word?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const expected = language === 'el' ? CONFIRM_WORDS[1] : CONFIRM_WORDS[0];

  useEffect(() => onExercise(alert?.exercise ?? false), [alert, onExercise]);
  useEffect(() => setPreview(undefined), [channels]);
  if (error) return <p className="error">{error}</p>;
  if (!alert) return <p>{t('common.loading')}</p>;
  const content = contentOf(alert);

  async function loadPreview() {
    if (channels.length === 0) return setErrors({ channels: t('err.required') });
    setErrors({});
    try {
      setPreview(
        await api<Preview>('GET', `/v1/alerts/${id}/preview`, {
          query: { intent: 'activate', channels: channels.join(',') },
        }),
      );
    } catch (err) {
      setErrors({ form: err instanceof ApiError ? err.message : String(err) });
    }
  }

  async function activate(event: FormEvent) {
    event.preventDefault();
    if (!preview) return;
    if (!CONFIRM_WORDS.includes(word.trim().toUpperCase())) return setErrors({ word: t('err.confirmWord') });
    setBusy(true);
    try {
      await api('POST', `/v1/alerts/${id}/activate`, {
        body: { confirmationToken: preview.confirmationToken, channels },
      });
      go(`alerts/${id}`);
    } catch (err) {
      setErrors({ form: err instanceof ApiError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="activate-title">
      {alert.exercise && <ExerciseBanner />}
      <h1 id="activate-title">{t('preview.title')}</h1>
      {content && <AlertSummaryView alert={alert} content={content} />}
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <fieldset>
        <legend>{t('preview.channels')}</legend>
        <div className="radios">
          {CHANNELS.map((channel) => (
            <label key={channel} className="check">
              <input
                type="checkbox"
                name="channel"
                value={channel}
                checked={channels.includes(channel)}
                onChange={(e) =>
                  setChannels((list) =>
                    e.target.checked ? [...list, channel] : list.filter((c) => c !== channel),
                  )
                }
              />{' '}
              {channel}
            </label>
          ))}
        </div>
        {errors.channels && (
          <p className="error" role="alert">
            {errors.channels}
          </p>
        )}
        <button type="button" onClick={() => void loadPreview()}>
          {t('preview.load')}
        </button>
      </fieldset>
      {preview && (
        <>
          <Renderings preview={preview} />
          <form onSubmit={(e) => void activate(e)} noValidate className="confirm-box">
            <p>
              {t('preview.expires', {
                time: new Date(preview.confirmationExpiresAt).toLocaleTimeString(language),
              })}
            </p>
            <TextField
              name="confirmWord"
              label={t('preview.typeToConfirm', { word: expected })}
              value={word}
              onValue={setWord}
              error={errors.word}
              autoComplete="off"
              required
            />
            <button type="submit" className="danger big" disabled={busy}>
              {t('preview.activate')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
