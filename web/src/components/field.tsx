import { type ReactNode, useId } from 'react';

export interface FieldProps {
  label: string;
  error?: string;
  help?: string;
  required?: boolean;
  /** Renders the control with the ids that tie it to its label, help and error. */
  children: (ids: { id: string; describedBy?: string; invalid: boolean }) => ReactNode;
}

/** A labelled control with its help and its error right beside it (WCAG 3.3.1, 3.3.2). */
export function Field({ label, error, help, required, children }: FieldProps) {
  const id = useId();
  const described = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      {/* The asterisk is drawn by CSS, so the label's text (its accessible name) is the label alone. */}
      <label htmlFor={id} className={required ? 'required' : undefined}>
        {label}
      </label>
      {children({ id, describedBy: described || undefined, invalid: Boolean(error) })}
      {help && (
        <p id={`${id}-help`} className="help">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

type InputProps = Omit<React.InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  help?: string;
  name: string;
};

export function TextField({ label, value, onValue, error, help, required, ...rest }: InputProps) {
  return (
    <Field label={label} error={error} help={help} required={required}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          value={value}
          onChange={(event) => onValue(event.target.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          aria-required={required}
          {...rest}
        />
      )}
    </Field>
  );
}

export function TextArea(props: Omit<InputProps, 'type'>) {
  const { label, value, onValue, error, help, required, name } = props;
  return (
    <Field label={label} error={error} help={help} required={required}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          name={name}
          rows={3}
          value={value}
          onChange={(event) => onValue(event.target.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          aria-required={required}
        />
      )}
    </Field>
  );
}
