import { aValidatedAlert, bearer, expectStatus } from '../../test/alerts-api/alert-api-test.app';
import type { Scenario } from '../../test/resilience/support/scenario.harness';

export const ATHENS_30_KM = { kind: 'circle', lat: 37.98, lon: 23.72, radiusKm: 30 };

/**
 * Drafts, validates and previews an alert as the staff do, then sends the
 * operator's POST /activate; returns when that was sent (epoch ms, the clock
 * the loopback receivers stamp arrivals with) and how long its answer took.
 */
export async function activate(
  scenario: Scenario,
  channels: string[],
): Promise<{ alertId: string; start: number; answerMs: number }> {
  const alertId = await aValidatedAlert({ http: () => scenario.http() }, scenario.staff);
  const { confirmationToken } = expectStatus(
    await scenario
      .http()
      .get(`/v1/alerts/${alertId}/preview`)
      .query({ intent: 'activate', channels: channels.join(','), area: JSON.stringify(ATHENS_30_KM) })
      .set(bearer(scenario.staff.operator)),
    200,
  ) as { confirmationToken: string };
  const start = Date.now();
  expectStatus(
    await scenario
      .http()
      .post(`/v1/alerts/${alertId}/activate`)
      .set(bearer(scenario.staff.operator))
      .send({ confirmationToken, channels, area: ATHENS_30_KM }),
    200,
  );
  return { alertId, start, answerMs: Date.now() - start };
}
