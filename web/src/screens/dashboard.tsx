import { useEffect, useState } from 'react';
import { api, ApiError, localUrl, streamEvents } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ExerciseBanner } from '../components/exercise-banner';
import { TextArea } from '../components/field';
import { ProgressBar } from '../components/progress-bar';
import { useI18n } from '../i18n';
import { contentOf, type Deliveries, type Me, type Preview } from '../types';
import { AlertSummaryView } from './alert-summary';
import { DeliveryIssues } from './delivery-issues';
import { ProposeUpdate } from './propose-update';
import { useAlert } from './use-alert';

type Action = 'resolve' | 'cancel' | 'publish_update';

const CAN_FOLLOW = ['ngo_operator', 'ngo_admin', 'police_supervisor', 'auditor'];
const CAN_SEE_ISSUES = ['ngo_operator', 'ngo_admin'];
const CAN_PROPOSE = ['police_officer', 'police_supervisor', 'ngo_operator'];

/** One alert: its state, the live delivery progress per channel, and the endings one click away. */
export function DashboardScreen({
  id,
  me,
  onExercise,
}: {
  id?: string;
  me: Me;
  onExercise: (on: boolean) => void;
}) {
  const { t, language } = useI18n();
  const { alert, error, reload } = useAlert(id);
  const [deliveries, setDeliveries] = useState<Deliveries | undefined>();
  const [action, setAction] = useState<Action | undefined>();
  const [preview, setPreview] = useState<Preview | undefined>();
  const [reason, setReason] = useState('');
  const [actionError, setActionError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [proposed, setProposed] = useState(false);
  const follows = me.roles.some((role) => CAN_FOLLOW.includes(role));

  useEffect(() => onExercise(alert?.exercise ?? false), [alert, onExercise]);
  useEffect(() => {
    if (!id || !follows) return;
    const abort = new AbortController();
    // The stream pushes each change; a plain poll takes over if it breaks.
    let timer: ReturnType<typeof setInterval> | undefined;
    const poll = () =>
      void api<Deliveries>('GET', `/v1/alerts/${id}/deliveries`).then(setDeliveries, () => undefined);
    poll();
    streamEvents(
      `/v1/alerts/${id}/deliveries/stream`,
      (data) => setDeliveries(data as Deliveries),
      abort.signal,
    ).catch(() => {
      if (!abort.signal.aborted) timer = setInterval(poll, 1500);
    });
    return () => {
      abort.abort();
      if (timer) clearInterval(timer);
    };
  }, [id, follows]);

  if (!id) return null;
  if (error) return <p className="error">{error}</p>;
  if (!alert) return <p>{t('common.loading')}</p>;
  const content = contentOf(alert);
  const activatedAt = alert.publications.find((p) => p.type === 'activated')?.sent;

  async function open(next: Action) {
    setAction(next);
    setPreview(undefined);
    setActionError(undefined);
    if (next === 'cancel' && alert!.state !== 'ACTIVE') return;
    try {
      setPreview(await api<Preview>('GET', `/v1/alerts/${id}/preview`, { query: { intent: next } }));
    } catch (err) {
      setActionError(err instanceof ApiError ? err.message : String(err));
    }
  }

  async function confirm() {
    if (!action) return;
    if (action === 'cancel' && reason.trim().length < 3) return setActionError(t('err.reason'));
    setBusy(true);
    try {
      const path = action === 'publish_update' ? 'publish-update' : action;
      const body =
        action === 'cancel'
          ? { reason: reason.trim(), confirmationToken: preview?.confirmationToken }
          : { confirmationToken: preview?.confirmationToken };
      await api('POST', `/v1/alerts/${id}/${path}`, { body });
      setAction(undefined);
      reload();
    } catch (err) {
      setActionError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const live = alert.state === 'ACTIVE';
  const canEnd =
    live && me.roles.some((r) => ['ngo_operator', 'police_officer', 'police_supervisor'].includes(r));
  const hasUpdate = live && alert.candidate?.state === 'VALIDATED' && me.roles.includes('ngo_operator');
  const seesIssues = me.roles.some((role) => CAN_SEE_ISSUES.includes(role));
  const canPropose = live && !alert.candidate && me.roles.some((role) => CAN_PROPOSE.includes(role));
  const tick = (deliveries?.channels ?? []).map((c) => `${c.channel}:${c.delivered}:${c.failed}`).join(',');

  return (
    <section aria-labelledby="dash-title">
      {alert.exercise && <ExerciseBanner />}
      <h1 id="dash-title">
        {t('dash.title')}: {content?.child.name ?? alert.id}
      </h1>
      <p>
        {t('dash.state')}: <strong data-testid="alert-state">{alert.state}</strong>
        {alert.candidate && ` / ${alert.candidate.state}`} ·{' '}
        <a href={localUrl(alert.pageUrl)} target="_blank" rel="noreferrer">
          {t('dash.publicPage')}
        </a>
      </p>
      {(canEnd || hasUpdate) && (
        <div className="actions end-actions">
          {canEnd && (
            <button type="button" className="success-button big" onClick={() => void open('resolve')}>
              {t('dash.resolve')}
            </button>
          )}
          {hasUpdate && (
            <button type="button" className="primary" onClick={() => void open('publish_update')}>
              {t('dash.update')}
            </button>
          )}
          {canEnd && (
            <button type="button" className="danger" onClick={() => void open('cancel')}>
              {t('dash.cancel')}
            </button>
          )}
        </div>
      )}
      {follows && deliveries && (
        <div className="deliveries" data-testid="deliveries">
          {deliveries.channels.map((channel) => {
            const first =
              channel.firstDeliveryAt && activatedAt
                ? (Date.parse(channel.firstDeliveryAt) - Date.parse(activatedAt)) / 1000
                : undefined;
            const text = `${channel.delivered} ${t('dash.delivered')} · ${channel.failed} ${t('dash.failed')} · ${channel.pending} ${t('dash.pending')} / ${channel.planned} ${t('dash.planned')}`;
            return (
              <div key={channel.channel} className="channel" data-channel={channel.channel}>
                <h2>{channel.channel}</h2>
                <ProgressBar
                  label={channel.channel}
                  planned={channel.planned}
                  delivered={channel.delivered}
                  failed={channel.failed}
                  pending={channel.pending}
                  text={text}
                />
                <p>
                  {t('dash.firstDelivery')}:{' '}
                  {first !== undefined ? `${first.toFixed(1)} s` : t('dash.noDelivery')}
                </p>
                {channel.failed > 0 && (
                  <p className="error">
                    {t('dash.deadLetters')}: {channel.failed}
                  </p>
                )}
              </div>
            );
          })}
        </div>
      )}
      {seesIssues && <DeliveryIssues id={id} tick={`${alert.state}/${tick}`} />}
      {proposed && (
        <p className="success" role="status">
          {t('update.sent')}
        </p>
      )}
      {canPropose && content && (
        <ProposeUpdate id={id} content={content} onDone={() => (setProposed(true), reload())} />
      )}
      {content && <AlertSummaryView alert={alert} content={content} />}
      <ul className="publications">
        {alert.publications.map((p) => (
          <li key={p.version}>
            v{p.version} {p.type} ({p.msgType}) — {new Date(p.sent).toLocaleString(language)}
          </li>
        ))}
      </ul>
      {action && (
        <ConfirmDialog
          title={
            action === 'resolve'
              ? t('dash.resolve')
              : action === 'cancel'
                ? t('dash.cancel')
                : t('dash.update')
          }
          confirmLabel={t('common.confirm')}
          danger={action === 'cancel'}
          busy={busy || (action !== 'cancel' && !preview) || (action === 'cancel' && live && !preview)}
          onConfirm={() => void confirm()}
          onClose={() => setAction(undefined)}
        >
          <p>
            {action === 'resolve'
              ? t('dash.confirmResolve')
              : action === 'cancel'
                ? t('dash.confirmCancel')
                : t('dash.confirmUpdate')}
          </p>
          {action === 'cancel' && (
            <TextArea name="reason" label={t('dash.reason')} value={reason} onValue={setReason} required />
          )}
          {preview &&
            Object.entries(preview.renderings).map(([lang, r]) => (
              <p key={lang} lang={lang} className="push-card">
                <strong>{r.push.title}</strong> {r.push.body}
              </p>
            ))}
          {actionError && (
            <p className="error" role="alert">
              {actionError}
            </p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
