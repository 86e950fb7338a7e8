import type { AlertCommand } from '../lifecycle/alert-command.types';
import { transition } from '../lifecycle/alert-lifecycle';
import {
  ACTORS,
  FIXTURE_NOW,
  VALIDATE_COMMAND,
  VALID_CRITERIA,
  VALID_ORDER,
  anAlertIn,
  expectOk,
} from '../testing/alert.fixtures';

describe('checkCriteria (through validate)', () => {
  it.each([
    ['childUnder18', { ...VALID_CRITERIA, childUnder18: false }],
    ['abductionBelieved', { ...VALID_CRITERIA, abductionBelieved: undefined }],
    ['imminentDanger', { ...VALID_CRITERIA, imminentDanger: 'yes' }],
    ['sufficientDescription', { ...VALID_CRITERIA, sufficientDescription: 1 }],
    ['familyConsent', { ...VALID_CRITERIA, familyConsent: 'refused' }],
  ])('refuses a validation without %s, naming it', (criterion, criteria) => {
    const sut = anAlertIn('PENDING_VALIDATION');
    const command = { ...VALIDATE_COMMAND, criteria } as AlertCommand;

    const result = transition(sut, command, ACTORS.supervisor2, FIXTURE_NOW);

    expect(result).toMatchObject({
      ok: false,
      code: 'criteria_not_met',
      missingCriteria: [criterion],
      currentState: 'PENDING_VALIDATION',
    });
  });

  it("refuses a validation without the prosecutor's order, or with one from the future", () => {
    const sut = anAlertIn('PENDING_VALIDATION');
    const noOrder = { type: 'validate', criteria: VALID_CRITERIA } as unknown as AlertCommand;
    expect(transition(sut, noOrder, ACTORS.supervisor2, FIXTURE_NOW)).toMatchObject({
      code: 'criteria_not_met',
      missingCriteria: [],
      problems: ["prosecutorOrder is required: an alert goes out only on a prosecutor's order"],
    });
    const future = {
      ...VALIDATE_COMMAND,
      prosecutorOrder: { ...VALID_ORDER, issuedAt: new Date('2026-03-01T13:00:00Z'), reference: ' ' },
    } as AlertCommand;
    expect(transition(sut, future, ACTORS.supervisor2, FIXTURE_NOW)).toMatchObject({
      problems: [
        'prosecutorOrder.reference is required',
        'prosecutorOrder.issuedAt must not be in the future',
      ],
    });
  });

  it('records the answers and the order on the validated version', () => {
    const sut = anAlertIn('PENDING_VALIDATION');
    const next = expectOk(transition(sut, VALIDATE_COMMAND, ACTORS.supervisor2, FIXTURE_NOW));
    expect(next.candidate?.validation).toEqual({
      version: 1,
      contentHash: sut.candidate!.version.contentHash,
      validatedBy: { userId: ACTORS.supervisor2.userId, organisationId: ACTORS.supervisor2.organisationId },
      validatedAt: FIXTURE_NOW,
      criteria: VALID_CRITERIA,
      prosecutorOrder: VALID_ORDER,
    });
  });
});
