import { useId } from 'react';
import { useI18n } from '../i18n';

export const CRITERIA = [
  'childUnder18',
  'abductionBelieved',
  'imminentDanger',
  'sufficientDescription',
] as const;
export type Criterion = (typeof CRITERIA)[number];
export type CriteriaState = Partial<Record<Criterion, boolean>> & {
  familyConsent: '' | 'given' | 'not_required';
};

/** The AMBER criteria, each its own checkbox, and the family's consent: none is assumed. */
export function CriteriaChecklist(props: {
  value: CriteriaState;
  onChange: (value: CriteriaState) => void;
  error?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const { value, onChange } = props;
  return (
    <div
      className={props.error ? 'criteria field-invalid' : 'criteria'}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      {CRITERIA.map((criterion) => (
        <label key={criterion} className="check">
          <input
            type="checkbox"
            name={criterion}
            checked={value[criterion] ?? false}
            onChange={(e) => onChange({ ...value, [criterion]: e.target.checked })}
          />{' '}
          {t(`criteria.${criterion}`)}
        </label>
      ))}
      <label className="check">
        {t('criteria.familyConsent')}{' '}
        <select
          name="familyConsent"
          value={value.familyConsent}
          onChange={(e) =>
            onChange({ ...value, familyConsent: e.target.value as CriteriaState['familyConsent'] })
          }
        >
          <option value="">—</option>
          <option value="given">{t('consent.given')}</option>
          <option value="not_required">{t('consent.not_required')}</option>
        </select>
      </label>
      {props.error && (
        <p id={`${id}-error`} className="error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}
