import { transition } from './alert-lifecycle';
import { preparePublication, type PublicationIntent } from './alert-publication';
import type { Alert } from '../model/alert.types';
import type { TargetArea } from '../model/alert-content.types';
import { capIdentifierOf } from '../model/alert-identity';
import {
  ACTORS,
  FIXTURE_CHANNELS,
  FIXTURE_NOW,
  anAlertContent,
  anAlertIn,
  confirmationFor,
} from '../testing/alert.fixtures';

const EXPIRY = anAlertContent().expiresAt;

describe('preparePublication and the publishing commands', () => {
  it('activates the validated version as CAP Alert, version 1', () => {
    const sut = anAlertIn('VALIDATED');
    const intent = { type: 'activate', channels: ['email', 'webpush'] } as const;
    const result = transition(
      sut,
      { ...intent, confirmation: confirmationFor(sut, intent, ACTORS.operator) },
      ACTORS.operator,
      FIXTURE_NOW,
    );
    if (!result.ok) throw new Error(result.message);

    expect(result.newVersion).toBeUndefined();
    expect(result.publication).toEqual({
      alertId: sut.id,
      version: 1,
      type: 'activated',
      msgType: 'Alert',
      identifier: capIdentifierOf(sut.id, 1),
      sent: FIXTURE_NOW,
      exercise: false,
    });
    expect(result.alert).toMatchObject({
      state: 'ACTIVE',
      live: { version: 1 },
      dissemination: { channels: ['email', 'webpush'] },
    });
    expect(result.alert.candidate).toBeUndefined();
  });

  it('makes a new version when the operator picks another area', () => {
    const sut = anAlertIn('VALIDATED');
    const area: TargetArea = { kind: 'regions', codes: ['GR-I'] };
    const intent: PublicationIntent = { type: 'activate', channels: ['email'], area };
    const confirmation = confirmationFor(sut, intent, ACTORS.operator);
    const result = transition(
      sut,
      { type: 'activate', channels: ['email'], area, confirmation },
      ACTORS.operator,
      FIXTURE_NOW,
    );
    if (!result.ok) throw new Error(result.message);

    expect(result.newVersion).toMatchObject({ version: 2, content: { area } });
    expect(result.publication).toMatchObject({ version: 2, identifier: capIdentifierOf(sut.id, 2) });
  });

  it.each<[string, (alert: Alert) => string]>([
    [
      'a confirmation of other channels',
      (alert) => confirmationFor(alert, { type: 'activate', channels: ['email'] }, ACTORS.operator),
    ],
    [
      'a confirmation of another area',
      (alert) =>
        confirmationFor(
          alert,
          { type: 'activate', channels: [...FIXTURE_CHANNELS], area: { kind: 'regions', codes: ['GR'] } },
          ACTORS.operator,
        ),
    ],
    ['no real confirmation', () => 'x'],
  ])('refuses activation with %s', (_name, confirm) => {
    const sut = anAlertIn('VALIDATED');
    const result = transition(
      sut,
      { type: 'activate', channels: [...FIXTURE_CHANNELS], confirmation: confirm(sut) },
      ACTORS.operator,
      FIXTURE_NOW,
    );
    expect(result).toMatchObject({ ok: false, code: 'stale_confirmation', currentState: 'VALIDATED' });
  });

  it('keeps the live version out while an update waits, then publishes it as Update referencing the first', () => {
    const waiting = anAlertIn('ACTIVE+VALIDATED');
    expect(waiting.live?.version).toBe(1);
    expect(waiting.candidate).toMatchObject({ state: 'VALIDATED', version: { version: 2 } });

    const result = transition(
      waiting,
      {
        type: 'publish_update',
        confirmation: confirmationFor(waiting, { type: 'publish_update' }, ACTORS.operator),
      },
      ACTORS.operator,
      FIXTURE_NOW,
    );
    if (!result.ok) throw new Error(result.message);

    expect(result.alert.live).toMatchObject({ version: 2, content: { child: { clothing: 'green coat' } } });
    expect(result.alert.publications.map((p) => [p.version, p.msgType])).toEqual([
      [1, 'Alert'],
      [2, 'Update'],
    ]);
  });

  it('ends a resolved alert with a version that holds no personal data', () => {
    const sut = anAlertIn('ACTIVE');
    const result = transition(
      sut,
      { type: 'resolve', confirmation: confirmationFor(sut, { type: 'resolve' }, ACTORS.officer) },
      ACTORS.officer,
      FIXTURE_NOW,
    );
    if (!result.ok) throw new Error(result.message);

    expect(result.newVersion).toEqual({
      kind: 'closure',
      alertId: sut.id,
      version: 2,
      content: {
        outcome: 'found_safe',
        languages: ['el', 'en'],
        area: anAlertContent().area,
        exercise: false,
      },
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdAt: FIXTURE_NOW,
      createdBy: { userId: ACTORS.officer.userId, organisationId: ACTORS.officer.organisationId },
    });
    expect(JSON.stringify(result.alert.live)).not.toContain('Maria');
    expect(result.publication).toMatchObject({ type: 'resolved', msgType: 'Update', version: 2 });
    expect(result.alert.lastContent?.content.child.name).toBe('Maria Papadopoulou');
  });

  it('publishes a cancellation of a live alert as CAP Cancel, and drops a waiting update', () => {
    const sut = anAlertIn('ACTIVE+PENDING_VALIDATION');
    const result = transition(
      sut,
      {
        type: 'cancel',
        reason: 'false report',
        confirmation: confirmationFor(sut, { type: 'cancel' }, ACTORS.operator),
      },
      ACTORS.operator,
      FIXTURE_NOW,
    );
    if (!result.ok) throw new Error(result.message);

    expect(result.publication).toMatchObject({ type: 'cancelled', msgType: 'Cancel', version: 3 });
    expect(result.alert.candidate).toBeUndefined();
    expect(result.event.details).toEqual({ reason: 'false report', identifier: capIdentifierOf(sut.id, 3) });
  });

  it('cancels an alert that was never public without publishing anything', () => {
    const sut = anAlertIn('VALIDATED');
    const result = transition(
      sut,
      { type: 'cancel', reason: 'child found before activation' },
      ACTORS.supervisor,
      FIXTURE_NOW,
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.alert.state).toBe('CANCELLED');
    expect(result.publication).toBeUndefined();
    expect(result.newVersion).toBeUndefined();
  });

  it('refuses to end a live alert without the confirmation of its preview', () => {
    const sut = anAlertIn('ACTIVE');
    expect(
      transition(sut, { type: 'cancel', reason: 'false report' }, ACTORS.operator, FIXTURE_NOW),
    ).toMatchObject({ code: 'stale_confirmation', currentState: 'ACTIVE' });
    expect(
      transition(sut, { type: 'resolve', confirmation: '' }, ACTORS.operator, FIXTURE_NOW),
    ).toMatchObject({ code: 'stale_confirmation' });
  });

  it('expires only once the expiry has passed', () => {
    const sut = anAlertIn('ACTIVE');
    const early = transition(sut, { type: 'expire' }, ACTORS.system, new Date(EXPIRY.getTime() - 1));
    expect(early).toMatchObject({
      ok: false,
      code: 'not_due',
      currentState: 'ACTIVE',
      message: `the alert expires at ${EXPIRY.toISOString()}, not before`,
    });

    const result = transition(sut, { type: 'expire' }, ACTORS.system, EXPIRY);
    expect(result).toMatchObject({
      ok: true,
      alert: { state: 'EXPIRED' },
      publication: { type: 'expired', msgType: 'Update', sent: EXPIRY },
    });
  });

  it('marks every publication of an exercise as one', () => {
    const sut = anAlertIn('ACTIVE', anAlertContent({ exercise: true }));
    expect(sut.exercise).toBe(true);
    expect(sut.publications.map((p) => p.exercise)).toEqual([true]);
  });

  it('gives the preview and the command the same digest', () => {
    const sut = anAlertIn('ACTIVE');
    const preview = preparePublication(sut, { type: 'resolve' }, ACTORS.operator, FIXTURE_NOW);
    const later = preparePublication(
      sut,
      { type: 'resolve' },
      ACTORS.officer,
      new Date(FIXTURE_NOW.getTime() + 60_000),
    );
    expect(preview.ok && later.ok && preview.prepared.digest === later.prepared.digest).toBe(true);
  });

  it('records the publication time in whole seconds, as CAP writes it', () => {
    const sut = anAlertIn('ACTIVE');
    const at = new Date('2026-03-01T12:00:07.862Z');
    const result = transition(
      sut,
      { type: 'resolve', confirmation: confirmationFor(sut, { type: 'resolve' }, ACTORS.operator) },
      ACTORS.operator,
      at,
    );
    expect(result).toMatchObject({ ok: true, publication: { sent: new Date('2026-03-01T12:00:07Z') } });
  });
});
