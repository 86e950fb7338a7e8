import { AuthImage } from '../components/auth-image';
import { useI18n } from '../i18n';
import { GeoMap } from '../map/geo-map';
import type { AlertContent, AlertDetail } from '../types';

/** What a supervisor or operator checks before deciding: photo, child, place, suspect, vehicle, texts. */
export function AlertSummaryView({ alert, content }: { alert: AlertDetail; content: AlertContent }) {
  const { t, language } = useI18n();
  const ids = new Set(content.photoIds ?? []);
  const photos = alert.photos.filter((photo) => ids.size === 0 || ids.has(photo.id));
  const area = content.area;
  return (
    <div className="summary">
      <div className="summary-photo">
        {photos.map((photo) => (
          <AuthImage
            key={photo.id}
            src={photo.urls.email}
            alt={content.child.name}
            data-testid="alert-photo"
          />
        ))}
      </div>
      <dl className="facts">
        <dt>{t('draft.name')}</dt>
        <dd>
          {content.child.name}, {content.child.age}
        </dd>
        <dt>{t('draft.lastSeen')}</dt>
        <dd>
          {content.lastSeen.place.address} — {new Date(content.lastSeen.at).toLocaleString(language)}
        </dd>
        {content.suspects?.map((suspect, i) => (
          <div key={i}>
            <dt>{t('draft.suspect')}</dt>
            <dd>{[suspect.name, suspect.description].filter(Boolean).join(': ')}</dd>
          </div>
        ))}
        {content.vehicle && (
          <>
            <dt>{t('draft.vehicle')}</dt>
            <dd>
              {[content.vehicle.colour, content.vehicle.make, content.vehicle.model, content.vehicle.plate]
                .filter(Boolean)
                .join(' ')}
            </dd>
          </>
        )}
        <dt>{t('draft.police')}</dt>
        <dd>
          {content.policeContact.unit}, {content.policeContact.phone}
        </dd>
        <dt>{t('draft.area')}</dt>
        <dd>
          {area.kind === 'circle'
            ? `${area.radiusKm} km`
            : area.kind === 'regions'
              ? area.codes.join(', ')
              : `${area.points.length - 1} points`}
        </dd>
      </dl>
      <div className="summary-texts">
        {content.languages.map((lang) => (
          <div key={lang} lang={lang}>
            <h3>{lang.toUpperCase()}</h3>
            {content.texts[lang]?.headline && (
              <p>
                <strong>{content.texts[lang].headline}</strong>
              </p>
            )}
            <p>{content.texts[lang]?.description}</p>
            <p>{content.texts[lang]?.circumstances}</p>
          </div>
        ))}
      </div>
      <GeoMap
        label={t('draft.lastSeen')}
        marker={content.lastSeen.place}
        circle={area.kind === 'circle' ? area : undefined}
        polygon={area.kind === 'polygon' ? area.points : undefined}
        height={240}
      />
    </div>
  );
}
