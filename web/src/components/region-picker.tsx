import { useId } from 'react';
import { useI18n } from '../i18n';
import { COUNTRIES, GREEK_REGIONS, type RegionOption } from '../regions';

/**
 * ISO 3166 areas picked from a list, never typed: one checkbox each, grouped
 * (Greece's regions, then countries), with the error beside the group.
 */
export function RegionPicker({
  legend,
  value,
  onChange,
  error,
  name,
}: {
  legend: string;
  value: string[];
  onChange: (codes: string[]) => void;
  error?: string;
  name: string;
}) {
  const { t, language } = useI18n();
  const id = useId();
  const toggle = (code: string, on: boolean) =>
    onChange(on ? [...value, code] : value.filter((c) => c !== code));
  const group = (title: string, options: RegionOption[]) => (
    <div className="region-group">
      <p className="region-group-title">{title}</p>
      <ul>
        {options.map((option) => (
          <li key={option.code}>
            <label>
              <input
                type="checkbox"
                name={name}
                value={option.code}
                checked={value.includes(option.code)}
                onChange={(e) => toggle(option.code, e.target.checked)}
              />{' '}
              {option[language]} <span className="code">{option.code}</span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
  return (
    <fieldset
      className={error ? 'region-picker field-invalid' : 'region-picker'}
      aria-describedby={error ? `${id}-error` : undefined}
      aria-invalid={Boolean(error)}
      data-testid={`regions-${name}`}
    >
      <legend>{legend}</legend>
      <div className="region-columns">
        {group(t('regions.greece'), GREEK_REGIONS)}
        {group(t('regions.countries'), COUNTRIES)}
      </div>
      <p className="help" aria-live="polite">
        {t('regions.chosen')}: {value.length === 0 ? '—' : value.join(', ')}
      </p>
      {error && (
        <p id={`${id}-error`} className="error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
