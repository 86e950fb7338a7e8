import { useI18n } from '../i18n';

/** Shown on every screen of an exercise alert; the page also turns to the exercise colours. */
export function ExerciseBanner() {
  const { t } = useI18n();
  return (
    <p className="exercise-banner" role="status" data-testid="exercise-banner">
      {t('app.exercise')}
    </p>
  );
}
