import { type FormEvent, useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { ExerciseBanner } from '../components/exercise-banner';
import { Field, TextArea, TextField } from '../components/field';
import { RegionPicker } from '../components/region-picker';
import { useI18n } from '../i18n';
import { GeoMap } from '../map/geo-map';
import { go } from '../router';
import type { LatLon } from '../map/projection';
import type { AlertDetail, TargetArea } from '../types';
import { CRITERIA, CriteriaChecklist, type CriteriaState } from './criteria';

const PHONE = /^\+?[0-9][0-9 ()-]{5,}$/;

interface Form {
  name: string;
  age: string;
  sex: string;
  heightCm: string;
  hair: string;
  eyes: string;
  clothing: string;
  lastSeenAt: string;
  address: string;
  suspectName: string;
  suspectDescription: string;
  make: string;
  model: string;
  colour: string;
  plate: string;
  elHeadline: string;
  elDescription: string;
  elCircumstances: string;
  enHeadline: string;
  enDescription: string;
  enCircumstances: string;
  unit: string;
  phone: string;
  areaKind: TargetArea['kind'];
  radiusKm: string;
}

const EMPTY: Form = {
  name: '',
  age: '',
  sex: 'unknown',
  heightCm: '',
  hair: '',
  eyes: '',
  clothing: '',
  lastSeenAt: '',
  address: '',
  suspectName: '',
  suspectDescription: '',
  make: '',
  model: '',
  colour: '',
  plate: '',
  elHeadline: '',
  elDescription: '',
  elCircumstances: '',
  enHeadline: '',
  enDescription: '',
  enCircumstances: '',
  unit: '',
  phone: '',
  areaKind: 'circle',
  radiusKm: '50',
};

type Errors = Partial<
  Record<keyof Form | 'regions' | 'photo' | 'place' | 'criteria' | 'polygon' | 'form', string>
>;

/** Where the server's field paths land in this form. */
const SERVER_FIELDS: Record<string, keyof Errors> = {
  'child.name': 'name',
  'child.age': 'age',
  'child.sex': 'sex',
  'child.heightCm': 'heightCm',
  'lastSeen.at': 'lastSeenAt',
  'lastSeen.place.address': 'address',
  'lastSeen.place': 'place',
  'policeContact.unit': 'unit',
  'policeContact.phone': 'phone',
  'area.radiusKm': 'radiusKm',
  'area.points': 'polygon',
  'area.codes': 'regions',
  'texts.el.description': 'elDescription',
  'texts.el.circumstances': 'elCircumstances',
  'texts.en.description': 'enDescription',
  'texts.en.circumstances': 'enCircumstances',
  'suspects.0.description': 'suspectDescription',
};

export function DraftScreen({ onExercise }: { onExercise: (on: boolean) => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<Form>(EMPTY);
  const [place, setPlace] = useState<LatLon | undefined>();
  const [polygon, setPolygon] = useState<[number, number][]>([]);
  const [regions, setRegions] = useState<string[]>([]);
  const [photo, setPhoto] = useState<File | undefined>();
  const [photoUrl, setPhotoUrl] = useState<string | undefined>();
  const [exercise, setExercise] = useState(false);
  const [criteria, setCriteria] = useState<CriteriaState>({ familyConsent: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => onExercise(exercise), [exercise, onExercise]);
  useEffect(() => {
    if (!photo) return setPhotoUrl(undefined);
    const url = URL.createObjectURL(photo);
    setPhotoUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [photo]);

  const clear = (name: keyof Errors) => setErrors((e) => ({ ...e, [name]: undefined, form: undefined }));
  const set = (name: keyof Form) => (value: string) => {
    setForm((f) => ({ ...f, [name]: value }));
    clear(name);
  };
  const text = (name: keyof Form, label: string, extra: { required?: boolean; type?: string } = {}) => (
    <TextField
      name={name}
      label={label}
      value={form[name]}
      onValue={set(name)}
      error={errors[name]}
      {...extra}
    />
  );

  function check(): Errors {
    const e: Errors = {};
    const need = (name: keyof Form) => {
      if (form[name].trim() === '') e[name] = t('err.required');
    };
    need('name');
    const age = Number(form.age);
    if (form.age.trim() === '' || !Number.isInteger(age) || age < 0 || age > 17) e.age = t('err.age');
    if (!photo) e.photo = t('err.photo');
    if (form.lastSeenAt === '') e.lastSeenAt = t('err.required');
    else if (new Date(form.lastSeenAt).getTime() > Date.now()) e.lastSeenAt = t('err.past');
    need('address');
    if (!place) e.place = t('err.place');
    need('elDescription');
    need('elCircumstances');
    if (form.enDescription.trim() !== '' || form.enCircumstances.trim() !== '') {
      need('enDescription');
      need('enCircumstances');
    }
    need('unit');
    if (!PHONE.test(form.phone.trim())) e.phone = t('err.phone');
    if (form.suspectName.trim() !== '' && form.suspectDescription.trim() === '')
      e.suspectDescription = t('err.required');
    if (form.areaKind === 'circle') {
      const radius = Number(form.radiusKm);
      if (!(radius >= 1 && radius <= 500)) e.radiusKm = t('err.radius');
    } else if (form.areaKind === 'polygon' && polygon.length < 3) e.polygon = t('err.polygon');
    else if (form.areaKind === 'regions' && regions.length === 0) e.regions = t('err.regions');
    if (!CRITERIA.every((c) => criteria[c]) || criteria.familyConsent === '') e.criteria = t('err.criteria');
    return e;
  }

  function areaOf(): TargetArea {
    if (form.areaKind === 'polygon') return { kind: 'polygon', points: [...polygon, polygon[0]] };
    if (form.areaKind === 'regions') return { kind: 'regions', codes: regions };
    return { kind: 'circle', lat: place!.lat, lon: place!.lon, radiusKm: Number(form.radiusKm) };
  }

  function bodyOf() {
    const opt = (value: string) => (value.trim() === '' ? undefined : value.trim());
    const languages = form.enDescription.trim() === '' ? ['el'] : ['el', 'en'];
    const texts: Record<string, unknown> = {
      el: {
        headline: opt(form.elHeadline),
        description: form.elDescription.trim(),
        circumstances: form.elCircumstances.trim(),
      },
    };
    if (languages.includes('en')) {
      texts.en = {
        headline: opt(form.enHeadline),
        description: form.enDescription.trim(),
        circumstances: form.enCircumstances.trim(),
      };
    }
    const vehicle = {
      make: opt(form.make),
      model: opt(form.model),
      colour: opt(form.colour),
      plate: opt(form.plate),
    };
    return {
      child: {
        name: form.name.trim(),
        age: Number(form.age),
        sex: form.sex,
        heightCm: form.heightCm === '' ? undefined : Number(form.heightCm),
        hair: opt(form.hair),
        eyes: opt(form.eyes),
        clothing: opt(form.clothing),
      },
      lastSeen: {
        at: new Date(form.lastSeenAt).toISOString(),
        place: { ...place!, address: form.address.trim() },
      },
      suspects:
        form.suspectDescription.trim() === ''
          ? undefined
          : [{ name: opt(form.suspectName), description: form.suspectDescription.trim() }],
      vehicle: Object.values(vehicle).some(Boolean) ? vehicle : undefined,
      policeContact: { unit: form.unit.trim(), phone: form.phone.trim() },
      languages,
      texts,
      area: areaOf(),
      exercise,
    };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = check();
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      document
        .querySelector<HTMLElement>('[aria-invalid="true"], .field-invalid input, .field-invalid')
        ?.focus();
      return;
    }
    setBusy(true);
    try {
      const created = await api<AlertDetail>('POST', '/v1/alerts', { body: bodyOf() });
      await api('POST', `/v1/alerts/${created.id}/photos`, {
        raw: { data: photo!, type: photo!.type || 'image/jpeg' },
      });
      await api('POST', `/v1/alerts/${created.id}/submit`);
      go(`alerts/${created.id}`);
    } catch (error) {
      setErrors(serverErrors(error));
    } finally {
      setBusy(false);
    }
  }

  function pickOnMap(point: LatLon) {
    if (form.areaKind === 'polygon') {
      setPolygon((points) => [...points, [point.lat, point.lon]]);
      clear('polygon');
    } else {
      setPlace(point);
      clear('place');
    }
  }

  const circle =
    form.areaKind === 'circle' && place && Number(form.radiusKm) > 0
      ? { ...place, radiusKm: Number(form.radiusKm) }
      : undefined;

  return (
    <form
      className={exercise ? 'draft exercise-form' : 'draft'}
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="draft-title"
    >
      {exercise && <ExerciseBanner />}
      <h1 id="draft-title">{t('draft.title')}</h1>
      {Object.values(errors).some(Boolean) && (
        <p className="error" role="alert" data-testid="form-error">
          {errors.form ?? t('common.fixErrors')}
        </p>
      )}
      <fieldset>
        <legend>{t('draft.child')}</legend>
        <div className="grid">
          {text('name', t('draft.name'), { required: true })}
          {text('age', t('draft.age'), { required: true, type: 'number' })}
          <Field label={t('draft.sex')} error={errors.sex}>
            {({ id }) => (
              <select id={id} name="sex" value={form.sex} onChange={(e) => set('sex')(e.target.value)}>
                {(['female', 'male', 'unknown'] as const).map((sex) => (
                  <option key={sex} value={sex}>
                    {t(`draft.sex.${sex}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text('heightCm', t('draft.height'), { type: 'number' })}
          {text('hair', t('draft.hair'))}
          {text('eyes', t('draft.eyes'))}
          {text('clothing', t('draft.clothing'))}
        </div>
        <Field label={t('draft.photo')} error={errors.photo} help={t('draft.photoHelp')} required>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="photo"
              type="file"
              accept="image/jpeg,image/png,image/webp"
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(e) => {
                setPhoto(e.target.files?.[0]);
                clear('photo');
              }}
            />
          )}
        </Field>
        {photoUrl && (
          <figure className="photo-preview" data-testid="photo-preview">
            <img src={photoUrl} alt={form.name} className="crop-square" />
            <img src={photoUrl} alt="" className="crop-wide" />
            <figcaption>{t('draft.photoPreview')}</figcaption>
          </figure>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('draft.lastSeen')}</legend>
        <div className="grid">
          {text('lastSeenAt', t('draft.lastSeenAt'), { required: true, type: 'datetime-local' })}
          {text('address', t('draft.address'), { required: true })}
        </div>
        <p className="help" id="map-help">
          {t('draft.mapHelp')}
        </p>
        <GeoMap
          label={t('draft.lastSeen')}
          marker={place}
          circle={circle}
          polygon={form.areaKind === 'polygon' ? polygon : undefined}
          onPick={pickOnMap}
        />
        <p className="coords" aria-live="polite">
          {place ? `${t('draft.lat')} ${place.lat}, ${t('draft.lon')} ${place.lon}` : ''}
        </p>
        {errors.place && (
          <p className="error" role="alert">
            {errors.place}
          </p>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('draft.suspect')}</legend>
        <div className="grid">
          {text('suspectName', t('draft.suspectName'))}
          <TextArea
            name="suspectDescription"
            label={t('draft.suspectDescription')}
            value={form.suspectDescription}
            onValue={set('suspectDescription')}
            error={errors.suspectDescription}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('draft.vehicle')}</legend>
        <div className="grid">
          {text('make', t('draft.make'))}
          {text('model', t('draft.model'))}
          {text('colour', t('draft.colour'))}
          {text('plate', t('draft.plate'))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('draft.texts')}</legend>
        <div className="columns">
          <div lang="el">
            <h3>Ελληνικά</h3>
            {text('elHeadline', t('draft.headline'))}
            <TextArea
              name="elDescription"
              label={t('draft.description')}
              value={form.elDescription}
              onValue={set('elDescription')}
              error={errors.elDescription}
              required
            />
            <TextArea
              name="elCircumstances"
              label={t('draft.circumstances')}
              value={form.elCircumstances}
              onValue={set('elCircumstances')}
              error={errors.elCircumstances}
              required
            />
          </div>
          <div lang="en">
            <h3>English</h3>
            {text('enHeadline', t('draft.headline'))}
            <TextArea
              name="enDescription"
              label={t('draft.description')}
              value={form.enDescription}
              onValue={set('enDescription')}
              error={errors.enDescription}
            />
            <TextArea
              name="enCircumstances"
              label={t('draft.circumstances')}
              value={form.enCircumstances}
              onValue={set('enCircumstances')}
              error={errors.enCircumstances}
            />
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('draft.police')}</legend>
        <div className="grid">
          {text('unit', t('draft.unit'), { required: true })}
          {text('phone', t('draft.phone'), { required: true, type: 'tel' })}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('draft.area')}</legend>
        <div role="radiogroup" aria-label={t('draft.area')} className="radios">
          {(['circle', 'polygon', 'regions'] as const).map((kind) => (
            <label key={kind}>
              <input
                type="radio"
                name="areaKind"
                value={kind}
                checked={form.areaKind === kind}
                onChange={() => set('areaKind')(kind)}
              />{' '}
              {t(`draft.area.${kind}`)}
            </label>
          ))}
        </div>
        {form.areaKind === 'circle' && text('radiusKm', t('draft.radius'), { type: 'number' })}
        {form.areaKind === 'polygon' && (
          <div>
            <p aria-live="polite">
              {t('draft.polygonHelp')}: {polygon.length}
            </p>
            <button type="button" onClick={() => setPolygon([])}>
              {t('draft.polygonClear')}
            </button>
            {errors.polygon && (
              <p className="error" role="alert">
                {errors.polygon}
              </p>
            )}
          </div>
        )}
        {form.areaKind === 'regions' && (
          <RegionPicker
            name="alertRegions"
            legend={t('draft.regions')}
            value={regions}
            onChange={(codes) => {
              setRegions(codes);
              clear('regions');
            }}
            error={errors.regions}
          />
        )}
      </fieldset>

      <fieldset>
        <legend>{t('draft.criteria')}</legend>
        <CriteriaChecklist
          value={criteria}
          onChange={(value) => {
            setCriteria(value);
            clear('criteria');
          }}
          error={errors.criteria}
        />
        <label className="check">
          <input
            type="checkbox"
            name="exercise"
            checked={exercise}
            onChange={(e) => setExercise(e.target.checked)}
          />{' '}
          {t('draft.exercise')}
        </label>
      </fieldset>

      <button type="submit" className="primary big" disabled={busy}>
        {t('draft.submit')}
      </button>
    </form>
  );
}

function serverErrors(error: unknown): Errors {
  if (!(error instanceof ApiError)) return { form: String(error) };
  const errors: Errors = { form: error.message };
  for (const [path, message] of Object.entries(error.fieldProblems())) {
    const field = SERVER_FIELDS[path];
    if (field) errors[field] ??= message;
  }
  return errors;
}
