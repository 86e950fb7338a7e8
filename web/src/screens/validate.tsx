import { type FormEvent, useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ExerciseBanner } from '../components/exercise-banner';
import { TextArea, TextField } from '../components/field';
import { useI18n } from '../i18n';
import { go } from '../router';
import { contentOf } from '../types';
import { AlertSummaryView } from './alert-summary';
import { CRITERIA, CriteriaChecklist, type CriteriaState } from './criteria';
import { useAlert } from './use-alert';

type Errors = Partial<Record<'criteria' | 'reference' | 'office' | 'issuedAt' | 'reason' | 'form', string>>;

/** The supervisor's decision: each criterion confirmed, the prosecutor's order, validate or reject with a reason. */
export function ValidateScreen({ id, onExercise }: { id: string; onExercise: (on: boolean) => void }) {
  const { t } = useI18n();
  const { alert, error } = useAlert(id);
  const [criteria, setCriteria] = useState<CriteriaState>({ familyConsent: '' });
  const [reference, setReference] = useState('');
  const [office, setOffice] = useState('');
  const [issuedAt, setIssuedAt] = useState('');
  const [reason, setReason] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState<string | undefined>();

  useEffect(() => onExercise(alert?.exercise ?? false), [alert, onExercise]);
  if (error) return <p className="error">{error}</p>;
  if (!alert) return <p>{t('common.loading')}</p>;
  const content = contentOf(alert);

  async function validate(event: FormEvent) {
    event.preventDefault();
    const e: Errors = {};
    if (!CRITERIA.every((c) => criteria[c]) || criteria.familyConsent === '') e.criteria = t('err.criteria');
    if (reference.trim() === '') e.reference = t('err.required');
    if (office.trim() === '') e.office = t('err.required');
    if (issuedAt === '') e.issuedAt = t('err.required');
    else if (new Date(issuedAt).getTime() > Date.now()) e.issuedAt = t('err.past');
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    try {
      await api('POST', `/v1/alerts/${id}/validate`, {
        body: {
          criteria: {
            ...Object.fromEntries(CRITERIA.map((c) => [c, true])),
            familyConsent: criteria.familyConsent,
          },
          prosecutorOrder: {
            reference: reference.trim(),
            issuingOffice: office.trim(),
            issuedAt: new Date(issuedAt).toISOString(),
          },
        },
      });
      setDone(t('validate.done'));
    } catch (err) {
      setErrors({ form: err instanceof ApiError ? err.message : String(err) });
    }
  }

  async function reject() {
    if (reason.trim().length < 3) return setErrors({ reason: t('err.reason') });
    try {
      await api('POST', `/v1/alerts/${id}/reject`, { body: { reason: reason.trim() } });
      setRejecting(false);
      setDone(t('validate.rejected'));
    } catch (err) {
      setErrors({ reason: err instanceof ApiError ? err.message : String(err) });
    }
  }

  return (
    <section aria-labelledby="validate-title">
      {alert.exercise && <ExerciseBanner />}
      <h1 id="validate-title">{t('validate.title')}</h1>
      {content && <AlertSummaryView alert={alert} content={content} />}
      {done ? (
        <p className="success" role="status" data-testid="done">
          {done}{' '}
          <button type="button" onClick={() => go('validate')}>
            {t('common.back')}
          </button>
        </p>
      ) : (
        <form onSubmit={(e) => void validate(e)} noValidate>
          {errors.form && (
            <p className="error" role="alert">
              {errors.form}
            </p>
          )}
          <fieldset>
            <legend>{t('validate.confirmEach')}</legend>
            <CriteriaChecklist value={criteria} onChange={setCriteria} error={errors.criteria} />
          </fieldset>
          <fieldset>
            <legend>{t('validate.order')}</legend>
            <div className="grid">
              <TextField
                name="reference"
                label={t('validate.reference')}
                value={reference}
                onValue={setReference}
                error={errors.reference}
                required
              />
              <TextField
                name="issuingOffice"
                label={t('validate.office')}
                value={office}
                onValue={setOffice}
                error={errors.office}
                required
              />
              <TextField
                name="issuedAt"
                type="datetime-local"
                label={t('validate.issuedAt')}
                value={issuedAt}
                onValue={setIssuedAt}
                error={errors.issuedAt}
                required
              />
            </div>
          </fieldset>
          <div className="actions">
            <button type="submit" className="primary">
              {t('validate.submit')}
            </button>
            <button type="button" className="danger" onClick={() => setRejecting(true)}>
              {t('validate.reject')}
            </button>
          </div>
        </form>
      )}
      {rejecting && (
        <ConfirmDialog
          title={t('validate.reject')}
          confirmLabel={t('validate.reject')}
          danger
          onConfirm={() => void reject()}
          onClose={() => setRejecting(false)}
        >
          <TextArea
            name="reason"
            label={t('validate.reason')}
            value={reason}
            onValue={setReason}
            error={errors.reason}
            required
          />
        </ConfirmDialog>
      )}
    </section>
  );
}
