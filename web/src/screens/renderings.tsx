import { AuthImage } from '../components/auth-image';
import { useI18n } from '../i18n';
import type { Preview } from '../types';

/** Every rendering side by side: one column per language, each channel's form in it; then the partners and why. */
export function Renderings({ preview }: { preview: Preview }) {
  const { t } = useI18n();
  return (
    <div className="renderings" data-testid="renderings">
      <div className="columns">
        {Object.entries(preview.renderings).map(([language, r]) => (
          <article key={language} lang={language} className="rendering" aria-label={language}>
            <h3>{language.toUpperCase()}</h3>
            <section className="render-push" aria-label={t('preview.push')}>
              <h4>{t('preview.push')}</h4>
              <div className="push-card">
                {r.push.icon && <AuthImage src={r.push.icon} alt="" width={48} height={48} />}
                <div>
                  <strong>{r.push.title}</strong>
                  <p>{r.push.body}</p>
                </div>
              </div>
            </section>
            <section aria-label={t('preview.emailSubject')}>
              <h4>{t('preview.emailSubject')}</h4>
              <p>
                <strong>{r.email.subject}</strong>
              </p>
              <iframe
                title={`${t('preview.emailSubject')} ${language}`}
                sandbox=""
                srcDoc={r.email.html}
                className="email-frame"
              />
            </section>
            <section aria-label={t('preview.social')}>
              <h4>
                {t('preview.social')} ({r.social.weightedLength}/280)
              </h4>
              <p className="social-text">{r.social.text}</p>
            </section>
          </article>
        ))}
      </div>
      <section aria-labelledby="partners-title">
        <h3 id="partners-title">{t('preview.partners')}</h3>
        {preview.partners.length === 0 ? (
          <p>{t('preview.noPartners')}</p>
        ) : (
          <ul>
            {preview.partners.map((p) => (
              <li key={p.partnerId}>
                <strong>
                  {p.country} — {p.name}
                </strong>{' '}
                ({t('preview.why')}: {p.reasons.join('; ')})
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
