import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

export interface RegistryRow {
  id: string;
  name: string;
  country?: string;
  endpoint: string;
  active: boolean;
  apiKeyId: string | null;
  actions: ReactNode;
}

/** Broadcasters or partners as a table: never their secrets, only the key's id. */
export function RegistryTable({
  rows,
  withCountry,
  testId,
}: {
  rows: RegistryRow[];
  withCountry?: boolean;
  testId: string;
}) {
  const { t } = useI18n();
  if (rows.length === 0) return <p>{t('common.none')}</p>;
  return (
    <table className="queue" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('keys.name')}</th>
          {withCountry && <th scope="col">{t('keys.country')}</th>}
          <th scope="col">{t('keys.endpoint')}</th>
          <th scope="col">{t('keys.status')}</th>
          <th scope="col">{t('keys.keyId')}</th>
          <th scope="col">{t('keys.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-name={row.name}>
            <td>{row.name}</td>
            {withCountry && <td>{row.country}</td>}
            <td className="mono">{row.endpoint}</td>
            <td>{row.active ? t('keys.active') : t('keys.disabled')}</td>
            <td className="mono">{row.apiKeyId ?? '—'}</td>
            <td className="row-actions">{row.actions}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
