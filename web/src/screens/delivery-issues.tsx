import { useEffect, useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';

interface DeadLetters {
  total: number;
  items: {
    channel: string;
    recipientId: string;
    version: number;
    attempts: number;
    lastError: string | null;
    at: string;
  }[];
}

interface PartnerAcks {
  items: {
    partnerId: string;
    country: string;
    name: string;
    matchedVersion: number;
    reasons: unknown;
    acks: { version: number; receivedAt: string }[];
  }[];
}

/** Reasons as the dispatcher stored them (config partnerReasons: `{ kind, … }`), as short text. */
function reasonsText(reasons: unknown): string {
  const list = (Array.isArray(reasons) ? reasons : [reasons]) as Record<string, unknown>[];
  return list
    .map((reason) =>
      reason.kind === 'border' && typeof reason.distanceKm === 'number' && typeof reason.reachKm === 'number'
        ? `border (${Math.round(reason.distanceKm)} / ${Math.round(reason.reachKm)} km)`
        : String(reason.kind),
    )
    .join(', ');
}

/**
 * Beside the bars: the recipients given up on, and what each partner system
 * acknowledged. Re-read whenever the progress changes (`tick`).
 */
export function DeliveryIssues({ id, tick }: { id: string; tick: string }) {
  const { t, language } = useI18n();
  const [dead, setDead] = useState<DeadLetters | undefined>();
  const [acks, setAcks] = useState<PartnerAcks | undefined>();
  useEffect(() => {
    void api<DeadLetters>('GET', `/v1/alerts/${id}/dead-letters`).then(setDead, () => undefined);
    void api<PartnerAcks>('GET', `/v1/alerts/${id}/partner-acks`).then(setAcks, () => undefined);
  }, [id, tick]);
  const time = (iso: string) => new Date(iso).toLocaleString(language);

  return (
    <div className="columns delivery-issues">
      <section aria-labelledby="acks-title" data-testid="partner-acks">
        <h2 id="acks-title">{t('dash.acksTitle')}</h2>
        {acks && acks.items.length === 0 && <p>{t('dash.acksNone')}</p>}
        {acks && acks.items.length > 0 && (
          <table className="queue">
            <thead>
              <tr>
                <th scope="col">{t('keys.country')}</th>
                <th scope="col">{t('keys.name')}</th>
                <th scope="col">{t('dash.reasons')}</th>
                <th scope="col">{t('keys.status')}</th>
              </tr>
            </thead>
            <tbody>
              {acks.items.map((p) => (
                <tr key={p.partnerId} data-partner={p.country}>
                  <td>{p.country}</td>
                  <td>{p.name}</td>
                  <td>{reasonsText(p.reasons)}</td>
                  <td>
                    {p.acks.length === 0
                      ? t('dash.notAcked')
                      : p.acks
                          .map((a) => `v${a.version} ${t('dash.acked')} ${time(a.receivedAt)}`)
                          .join('; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="dead-title" data-testid="dead-letters">
        <h2 id="dead-title">
          {t('dash.deadLettersTitle')}
          {dead && dead.total > 0 && ` (${dead.total})`}
        </h2>
        {dead && dead.total === 0 && <p>{t('dash.deadNone')}</p>}
        {dead && dead.total > 0 && (
          <>
            {dead.total > dead.items.length && (
              <p className="help">{t('dash.ofTotal', { shown: dead.items.length, total: dead.total })}</p>
            )}
            <table className="queue">
              <thead>
                <tr>
                  <th scope="col">{t('dash.channel')}</th>
                  <th scope="col">{t('dash.recipient')}</th>
                  <th scope="col">{t('dash.version')}</th>
                  <th scope="col">{t('dash.attempts')}</th>
                  <th scope="col">{t('dash.lastError')}</th>
                </tr>
              </thead>
              <tbody>
                {dead.items.map((d) => (
                  <tr key={`${d.channel}/${d.recipientId}/${d.version}`}>
                    <td>{d.channel}</td>
                    <td className="mono">{d.recipientId}</td>
                    <td>v{d.version}</td>
                    <td>{d.attempts}</td>
                    <td>{d.lastError ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </div>
  );
}
