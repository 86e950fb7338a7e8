import { useEffect, useState } from 'react';
import { api } from '../api';
import { type MessageKey, useI18n } from '../i18n';
import type { AlertSummary } from '../types';

type Kind = 'mine' | 'validate' | 'activate' | 'live';

const TITLES: Record<Kind, MessageKey> = {
  mine: 'nav.mine',
  validate: 'nav.validate',
  activate: 'nav.activate',
  live: 'nav.live',
};

/** Which alerts a queue holds, and where a row leads. */
const QUEUES: Record<Kind, { keep: (a: AlertSummary) => boolean; link: (a: AlertSummary) => string }> = {
  mine: {
    keep: (a) => ['DRAFT', 'PENDING_VALIDATION', 'REJECTED'].includes(a.candidateState ?? a.state),
    link: (a) => `#/alerts/${a.id}`,
  },
  validate: {
    keep: (a) => (a.candidateState ?? a.state) === 'PENDING_VALIDATION',
    link: (a) => `#/validate/${a.id}`,
  },
  activate: {
    keep: (a) => a.state === 'VALIDATED' || (a.state === 'ACTIVE' && a.candidateState === 'VALIDATED'),
    link: (a) => (a.state === 'VALIDATED' ? `#/activate/${a.id}` : `#/alerts/${a.id}`),
  },
  live: { keep: (a) => a.state === 'ACTIVE', link: (a) => `#/alerts/${a.id}` },
};

export function QueueScreen({ kind }: { kind: Kind }) {
  const { t, language } = useI18n();
  const [items, setItems] = useState<AlertSummary[] | undefined>();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    void api<{ items: AlertSummary[] }>('GET', '/v1/alerts', { query: { limit: '200' } }).then(
      (list) => live && setItems(list.items.filter(QUEUES[kind].keep)),
    );
    const timer = setInterval(() => setTick((n) => n + 1), 5000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [kind, tick]);

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t(TITLES[kind])}</h1>
      {items === undefined ? (
        <p>{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <table className="queue" data-testid={`queue-${kind}`}>
          <thead>
            <tr>
              <th scope="col">{t('queue.child')}</th>
              <th scope="col">{t('queue.state')}</th>
              <th scope="col">{t('queue.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((alert) => (
              <tr key={alert.id} className={alert.exercise ? 'row-exercise' : undefined}>
                <td>
                  <a href={QUEUES[kind].link(alert)}>
                    {alert.childName ?? alert.id}
                    {alert.childAge !== undefined ? `, ${alert.childAge}` : ''}
                  </a>
                  {alert.exercise && <span className="tag-exercise"> {t('app.exercise')}</span>}
                </td>
                <td>{alert.candidateState ? `${alert.state} / ${alert.candidateState}` : alert.state}</td>
                <td>{new Date(alert.updatedAt).toLocaleString(language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
