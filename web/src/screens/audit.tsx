import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { TextField } from '../components/field';
import { useI18n } from '../i18n';

interface Entry {
  seq: number;
  at: string;
  actor: { type: string; id: string | null; name: string };
  action: string;
  subject: { type: string | null; id: string | null };
  details: unknown;
}

interface Verification {
  ok: boolean;
  rows: number;
  firstBrokenSeq?: number;
  reason?: string;
}

/** The auditor: the audit log, filtered, page by page, and whether the hash chain holds. */
export function AuditScreen() {
  const { t, language } = useI18n();
  const [filters, setFilters] = useState({ actor: '', action: '', subjectId: '', from: '', to: '' });
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [verification, setVerification] = useState<Verification | undefined>();
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(
    (before?: number) => {
      const query = {
        ...filters,
        from: filters.from ? new Date(filters.from).toISOString() : '',
        to: filters.to ? new Date(filters.to).toISOString() : '',
        before: before?.toString(),
        limit: '50',
      };
      api<{ items: Entry[]; nextBefore: number | null }>('GET', '/v1/audit', { query }).then(
        (page) => {
          setEntries((old) => (before ? [...old, ...page.items] : page.items));
          setNext(page.nextBefore);
          setError(undefined);
        },
        (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
      );
    },
    [filters],
  );
  useEffect(() => {
    load();
    void api<Verification>('GET', '/v1/audit/verify').then(setVerification);
    // Only on arrival: filters apply on submit.
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    load();
  };
  const field = (name: keyof typeof filters, label: string, type = 'text') => (
    <TextField
      name={name}
      type={type}
      label={label}
      value={filters[name]}
      onValue={(v) => setFilters({ ...filters, [name]: v })}
    />
  );

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('nav.audit')}</h1>
      {verification && (
        <p className={verification.ok ? 'success' : 'error'} role="status" data-testid="audit-verify">
          {t('audit.verify')}:{' '}
          {verification.ok
            ? t('audit.ok', { rows: verification.rows })
            : t('audit.broken', {
                seq: verification.firstBrokenSeq ?? '?',
                reason: verification.reason ?? '',
              })}
        </p>
      )}
      <form onSubmit={submit} className="card filters" aria-label={t('audit.filter')}>
        <div className="grid">
          {field('actor', t('audit.actor'))}
          {field('action', t('audit.action'))}
          {field('subjectId', t('audit.subject'))}
          {field('from', t('audit.from'), 'datetime-local')}
          {field('to', t('audit.to'), 'datetime-local')}
        </div>
        <button type="submit">{t('audit.filter')}</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table className="queue" data-testid="audit-log">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.subject')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq}>
              <td>{entry.seq}</td>
              <td>{new Date(entry.at).toLocaleString(language)}</td>
              <td>{entry.actor.name}</td>
              <td>{entry.action}</td>
              <td>
                {entry.subject.type} {entry.subject.id}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {next !== null && (
        <button type="button" onClick={() => load(next)}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
