import { AlertActivateDto, AlertCancelDto } from './alert-publish.dto';
import { validateInput } from './input-validation.util';
import { lifecycleEventOf } from '../lifecycle/alert-publication';
import { alertLifecycleEventSchema } from '@childalert/contracts';
import { anAlertIn } from '../testing/alert.fixtures';

describe(AlertActivateDto.name, () => {
  it('accepts channels, a token and an optional area', async () => {
    const result = await validateInput(AlertActivateDto, {
      confirmationToken: 'tok',
      channels: ['email', 'webpush'],
      area: { kind: 'regions', codes: ['GR-I'] },
    });
    expect(result.ok).toBe(true);
  });

  it('names what is wrong', async () => {
    const result = await validateInput(AlertActivateDto, { channels: ['email', 'fax', 'email'] });
    expect(result.ok ? [] : [...result.errors].sort()).toEqual([
      'channels must hold channels from: email, webpush, mobile, social, broadcast, partner',
      'channels must not list the same value twice',
      'confirmationToken is required: take it from the preview you confirmed',
    ]);
  });
});

describe(AlertCancelDto.name, () => {
  it('needs a reason, the token only for a live alert', async () => {
    expect((await validateInput(AlertCancelDto, { reason: 'false report' })).ok).toBe(true);
    expect(await validateInput(AlertCancelDto, {})).toEqual({
      ok: false,
      errors: ['reason is required and must be text'],
    });
  });
});

describe('lifecycleEventOf', () => {
  it('makes an event the alerts.lifecycle.v1 schema accepts', () => {
    const publication = anAlertIn('ACTIVE').publications[0];
    const sut = lifecycleEventOf(publication, '0b6f4d4e-9a5e-4c1b-8f3c-2f9a1d6e7c55');
    expect(alertLifecycleEventSchema.parse(sut)).toEqual({
      eventId: '0b6f4d4e-9a5e-4c1b-8f3c-2f9a1d6e7c55',
      alertId: publication.alertId,
      version: 1,
      type: 'activated',
      occurredAt: '2026-03-01T12:00:00.000Z',
      exercise: false,
      capIdentifier: `urn:childalert:alert:${publication.alertId}:v1`,
    });
  });
});
