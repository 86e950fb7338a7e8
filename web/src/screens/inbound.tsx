import { useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { useI18n } from '../i18n';
import { go } from '../router';

interface InboundAlert {
  id: string;
  partner: { id: string; country: string; name: string };
  original: { sender: string; identifier: string; sent: string };
  status: string;
  headline: string | null;
  receivedAt: string;
  localAlertId: string | null;
}

/** Alerts from partner countries, with their origin, ready to re-issue here (as a validated alert to activate). */
export function InboundScreen() {
  const { t, language } = useI18n();
  const [items, setItems] = useState<InboundAlert[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    api<{ items: InboundAlert[] }>('GET', '/v1/partners/inbound-alerts').then(
      (list) => setItems(list.items),
      (e: Error) => setError(e.message),
    );
  }, []);

  async function reissue(id: string) {
    try {
      const result = await api<{ alertId?: string; id?: string }>(
        'POST',
        `/v1/partners/inbound-alerts/${id}/reissue`,
      );
      const local = result.alertId ?? result.id;
      if (local) go(`activate/${local}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <section aria-labelledby="inbound-title">
      <h1 id="inbound-title">{t('nav.inbound')}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items === undefined ? (
        !error && <p>{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <table className="queue">
          <thead>
            <tr>
              <th scope="col">{t('inbound.origin')}</th>
              <th scope="col">{t('draft.headline')}</th>
              <th scope="col">{t('queue.state')}</th>
              <th scope="col">{t('queue.updated')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>
                  {item.partner.country} — {item.partner.name}
                  <br />
                  <small>{item.original.identifier}</small>
                </td>
                <td>{item.headline}</td>
                <td>{item.status}</td>
                <td>{new Date(item.receivedAt).toLocaleString(language)}</td>
                <td>
                  {item.localAlertId ? (
                    <a href={`#/alerts/${item.localAlertId}`}>{t('common.open')}</a>
                  ) : (
                    <button type="button" onClick={() => void reissue(item.id)}>
                      {t('inbound.reissue')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
