import { type Alert, AlertFixtures, type AlertVersion } from '@childalert/alerts';
import type { AlertDecisionRow, AlertRow, AlertVersionRow } from '@childalert/persistence';
import {
  alertFromRows,
  alertRowOf,
  decisionRowOf,
  type PublicationRef,
  versionFromRow,
  versionRowOf,
} from './alert-row.mapper';

const STATES: AlertFixtures.FixtureState[] = [
  'DRAFT',
  'PENDING_VALIDATION',
  'VALIDATED',
  'REJECTED',
  'CANCELLED',
  'ACTIVE',
  'ACTIVE+PENDING_VALIDATION',
  'ACTIVE+VALIDATED',
  'ACTIVE+REJECTED',
  'RESOLVED',
  'EXPIRED',
];

/** What the repository would store for `alert`, read back as the database returns it. */
function roundTrip(alert: Alert): Alert {
  const row = alertRowOf(alert) as AlertRow;
  const versions = new Map<number, AlertVersion>();
  for (const version of [alert.live, alert.lastContent, alert.candidate?.version]) {
    if (!version) continue;
    // jsonb hands back plain JSON: the codec must make Dates again and hash alike.
    const stored = JSON.parse(JSON.stringify(versionRowOf(version))) as AlertVersionRow;
    versions.set(version.version, versionFromRow({ ...stored, createdAt: new Date(stored.createdAt) }));
  }
  const event = alert.candidate?.validation
    ? 'validated'
    : alert.candidate?.rejection
      ? 'rejected'
      : undefined;
  const decision = event ? (decisionRowOf(alert, event) as AlertDecisionRow) : undefined;
  const publications: PublicationRef[] = alert.publications.map((p) => ({
    ...p,
    sender: 'alerts@amber.test',
  }));
  return alertFromRows(row, versions, decision, publications);
}

describe('alert row mapping', () => {
  it.each(STATES)('stores and loads an alert in state %s unchanged', (state) => {
    const sut = AlertFixtures.anAlertIn(state);

    expect(roundTrip(sut)).toEqual(sut);
  });

  it('keeps the confirmation digest of a loaded alert equal to the one of the alert it stored', () => {
    const validated = AlertFixtures.anAlertIn('VALIDATED');
    const intent = { type: 'activate', channels: ['email'] } as const;

    const sut = AlertFixtures.confirmationFor(roundTrip(validated), intent, AlertFixtures.ACTORS.operator);

    expect(sut).toBe(AlertFixtures.confirmationFor(validated, intent, AlertFixtures.ACTORS.operator));
  });

  it('sets the expiry index only while the alert is live', () => {
    expect(alertRowOf(AlertFixtures.anAlertIn('ACTIVE')).expiresAt).toEqual(
      AlertFixtures.anAlertContent().expiresAt,
    );
    expect(alertRowOf(AlertFixtures.anAlertIn('RESOLVED')).expiresAt).toBeNull();
    expect(alertRowOf(AlertFixtures.anAlertIn('VALIDATED')).expiresAt).toBeNull();
  });

  it('writes no decision for a transition that decides nothing', () => {
    expect(decisionRowOf(AlertFixtures.anAlertIn('PENDING_VALIDATION'), 'submitted')).toBeUndefined();
  });
});
