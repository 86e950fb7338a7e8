import type { AlertContent } from '../model/alert-content.types';
import type { Actor, Alert, CriteriaConfirmation, ProsecutorOrder } from '../model/alert.types';
import type { AlertCommand, TransitionResult } from '../lifecycle/alert-command.types';
import { createAlert, transition } from '../lifecycle/alert-lifecycle';
import { preparePublication, type PublicationIntent } from '../lifecycle/alert-publication';

/**
 * Test data for specs here and in the apps: realistic content, one actor per
 * role, and alerts brought to any state through the real transitions (never
 * hand-built, so they are always states the lifecycle can reach).
 */

export const FIXTURE_NOW = new Date('2026-03-01T12:00:00Z');
export const FIXTURE_ALERT_ID = '6f1c1d0e-3c57-4b8e-9a55-0c1f3f2b8a01';
export const FIXTURE_PHOTO_ID = 'a3e0f6f4-0a8e-4c1c-9a39-5b0b3d1e2c77';

export const POLICE_ORG = 'hellenic-police-attica';
export const OTHER_POLICE_ORG = 'hellenic-police-thessaloniki';
export const NGO_ORG = 'smile-of-the-child';

export const ACTORS = {
  officer: { userId: 'u-officer', organisationId: POLICE_ORG, roles: ['police_officer'] },
  colleague: { userId: 'u-colleague', organisationId: POLICE_ORG, roles: ['police_officer'] },
  otherOrgOfficer: { userId: 'u-other-officer', organisationId: OTHER_POLICE_ORG, roles: ['police_officer'] },
  supervisor: { userId: 'u-supervisor', organisationId: POLICE_ORG, roles: ['police_supervisor'] },
  supervisor2: { userId: 'u-supervisor-2', organisationId: POLICE_ORG, roles: ['police_supervisor'] },
  operator: { userId: 'u-operator', organisationId: NGO_ORG, roles: ['ngo_operator'] },
  admin: { userId: 'u-admin', organisationId: NGO_ORG, roles: ['ngo_admin'] },
  auditor: { userId: 'u-auditor', organisationId: NGO_ORG, roles: ['auditor'] },
  system: { userId: 'system', organisationId: 'system', roles: ['system'] },
} satisfies Record<string, Actor>;

export function anAlertContent(overrides: Partial<AlertContent> = {}): AlertContent {
  return {
    child: {
      name: 'Maria Papadopoulou',
      age: 7,
      sex: 'female',
      heightCm: 120,
      build: 'slim',
      hair: 'long, brown',
      eyes: 'brown',
      clothing: 'red jacket, blue jeans, white trainers',
      distinguishingMarks: 'small scar above the left eyebrow',
    },
    photoIds: [FIXTURE_PHOTO_ID],
    lastSeen: {
      at: new Date('2026-03-01T10:30:00Z'),
      place: { lat: 37.9838, lon: 23.7275, address: 'Omonoia Square, Athens' },
    },
    suspects: [{ name: 'Unknown man', age: 40, description: 'about 1.80 m, grey beard, dark coat' }],
    vehicle: { make: 'Toyota', model: 'Yaris', colour: 'silver', plate: 'ΙΚΥ-1234' },
    policeContact: { unit: 'Attica Police, Missing Persons Unit', phone: '+30 210 000 0000' },
    languages: ['el', 'en'],
    texts: {
      el: {
        description: 'Η Μαρία είναι 7 ετών, με μακριά καστανά μαλλιά. Φορούσε κόκκινο μπουφάν και μπλε τζιν.',
        circumstances: 'Εθεάθη να μπαίνει σε ασημί αυτοκίνητο με άγνωστο άνδρα.',
      },
      en: {
        headline: 'Maria, 7, taken in a silver Toyota Yaris in Athens',
        description: 'Maria is 7, with long brown hair. She wore a red jacket and blue jeans.',
        circumstances: 'She was seen getting into a silver car with an unknown man.',
      },
    },
    area: { kind: 'circle', lat: 37.9838, lon: 23.7275, radiusKm: 50 },
    expiresAt: new Date('2026-03-02T12:00:00Z'),
    exercise: false,
    destinationCountries: ['AL', 'MK'],
    ...overrides,
  };
}

export const VALID_CRITERIA: CriteriaConfirmation = {
  childUnder18: true,
  abductionBelieved: true,
  imminentDanger: true,
  sufficientDescription: true,
  familyConsent: 'given',
};

export const VALID_ORDER: ProsecutorOrder = {
  reference: 'ΕΓ-2026/1234',
  issuingOffice: "Athens Public Prosecutor's Office",
  issuedAt: new Date('2026-03-01T11:45:00Z'),
};

export const VALIDATE_COMMAND: AlertCommand = {
  type: 'validate',
  criteria: VALID_CRITERIA,
  prosecutorOrder: VALID_ORDER,
};

/** Throws on failure: fixtures must be reachable. */
export function expectOk(result: TransitionResult): Alert {
  if (!result.ok) throw new Error(`fixture transition failed: ${result.code}: ${result.message}`);
  return result.alert;
}

/** The confirmation the preview would hand out for `intent`. */
export function confirmationFor(
  alert: Alert,
  intent: PublicationIntent,
  actor: Actor,
  now = FIXTURE_NOW,
): string {
  const prepared = preparePublication(alert, intent, actor, now);
  if (!prepared.ok) throw new Error(`nothing to confirm: ${prepared.message}`);
  return prepared.prepared.digest;
}

export const FIXTURE_CHANNELS = ['email', 'webpush', 'social'] as const;

/**
 * Where an alert can be. ACTIVE ones say what their proposed update is doing:
 * `ACTIVE` has none, `ACTIVE+PENDING_VALIDATION` etc. have one.
 */
export type FixtureState =
  Alert['state'] | 'ACTIVE+PENDING_VALIDATION' | 'ACTIVE+VALIDATED' | 'ACTIVE+REJECTED';

export function anAlertIn(
  state: FixtureState,
  content: AlertContent = anAlertContent(),
  now = FIXTURE_NOW,
): Alert {
  const step = (alert: Alert, command: AlertCommand, actor: Actor) =>
    expectOk(transition(alert, command, actor, now));
  const draft = expectOk(createAlert({ id: FIXTURE_ALERT_ID, content, now }, ACTORS.officer));
  if (state === 'DRAFT') return draft;
  if (state === 'CANCELLED')
    return step(draft, { type: 'cancel', reason: 'entered by mistake' }, ACTORS.officer);
  const pending = step(draft, { type: 'submit' }, ACTORS.officer);
  if (state === 'PENDING_VALIDATION') return pending;
  if (state === 'REJECTED')
    return step(pending, { type: 'reject', reason: 'no prosecutor order yet' }, ACTORS.supervisor);
  const validated = step(pending, VALIDATE_COMMAND, ACTORS.supervisor);
  if (state === 'VALIDATED') return validated;
  const activation = { type: 'activate', channels: [...FIXTURE_CHANNELS] } as const;
  const active = step(
    validated,
    { ...activation, confirmation: confirmationFor(validated, activation, ACTORS.operator, now) },
    ACTORS.operator,
  );
  switch (state) {
    case 'ACTIVE':
      return active;
    case 'RESOLVED':
      return step(
        active,
        { type: 'resolve', confirmation: confirmationFor(active, { type: 'resolve' }, ACTORS.operator, now) },
        ACTORS.operator,
      );
    case 'EXPIRED':
      return expectOk(transition(active, { type: 'expire' }, ACTORS.system, content.expiresAt));
    case 'ACTIVE+PENDING_VALIDATION':
    case 'ACTIVE+VALIDATED':
    case 'ACTIVE+REJECTED': {
      const proposed = step(
        active,
        { type: 'propose_update', patch: { child: { clothing: 'green coat' } } },
        ACTORS.officer,
      );
      if (state === 'ACTIVE+PENDING_VALIDATION') return proposed;
      if (state === 'ACTIVE+REJECTED')
        return step(proposed, { type: 'reject', reason: 'clothing unconfirmed' }, ACTORS.supervisor);
      return step(proposed, VALIDATE_COMMAND, ACTORS.supervisor);
    }
  }
}

/** A valid `POST /v1/alerts` body as JSON, relative to the real clock (DTOs check against now). */
export function aCreateBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Date.now();
  return {
    child: {
      name: 'Maria Papadopoulou',
      age: 7,
      sex: 'female',
      heightCm: 120,
      hair: 'long, brown',
      clothing: 'red jacket',
    },
    photoIds: [FIXTURE_PHOTO_ID],
    lastSeen: {
      at: new Date(now - 90 * 60_000).toISOString(),
      place: { lat: 37.9838, lon: 23.7275, address: 'Omonoia Square, Athens' },
    },
    suspects: [{ description: 'man, about 40, grey beard' }],
    vehicle: { colour: 'silver', plate: 'ΙΚΥ-1234' },
    policeContact: { unit: 'Attica Police, Missing Persons Unit', phone: '+30 210 000 0000' },
    languages: ['el', 'en'],
    texts: {
      el: { description: 'Η Μαρία είναι 7 ετών.', circumstances: 'Εθεάθη να μπαίνει σε ασημί αυτοκίνητο.' },
      en: { description: 'Maria is 7.', circumstances: 'She was seen getting into a silver car.' },
    },
    area: { kind: 'circle', lat: 37.9838, lon: 23.7275, radiusKm: 50 },
    ...overrides,
  };
}
