import { LIMITS } from '../model/alert-limits';
import type { AlertContent } from '../model/alert-content.types';
import { FAMILY_CONSENT_VALUES, type CriteriaConfirmation, type ProsecutorOrder } from '../model/alert.types';

/** The AMBER criteria, each confirmed explicitly by the validator. */
export const ALERT_CRITERIA = [
  'childUnder18',
  'abductionBelieved',
  'imminentDanger',
  'sufficientDescription',
  'familyConsent',
] as const;
export type AlertCriterion = (typeof ALERT_CRITERIA)[number];

export const CRITERION_TEXT: Record<AlertCriterion, string> = {
  childUnder18: 'the child is under 18',
  abductionBelieved: 'the police believe an abduction has occurred',
  imminentDanger: 'the child is in imminent danger of serious harm',
  sufficientDescription: 'there is enough descriptive information to help find the child',
  familyConsent: "the family's consent is given, or not required",
};

export type CriteriaCheck =
  | { ok: true }
  | {
      ok: false;
      /** Criteria not confirmed (or contradicted by the content). */
      missing: AlertCriterion[];
      /** Every reason, one sentence each, for the 422 answer. */
      problems: string[];
    };

/**
 * Whether the validator's answers and the prosecutor's order allow the alert.
 * A criterion counts only when confirmed with the literal `true` (or, for
 * consent, `given`/`not_required`): a missing answer is a "no".
 */
export function checkCriteria(
  content: AlertContent,
  criteria: Partial<CriteriaConfirmation> | undefined,
  order: Partial<ProsecutorOrder> | undefined,
  now: Date,
): CriteriaCheck {
  const missing: AlertCriterion[] = [];
  const problems: string[] = [];
  for (const criterion of ALERT_CRITERIA) {
    const answer = criteria?.[criterion];
    const confirmed =
      criterion === 'familyConsent'
        ? (FAMILY_CONSENT_VALUES as readonly unknown[]).includes(answer)
        : answer === true;
    if (!confirmed) {
      missing.push(criterion);
      problems.push(`criteria.${criterion} is not confirmed: ${CRITERION_TEXT[criterion]}`);
    }
  }
  if (content.child.age > LIMITS.maxChildAge && !missing.includes('childUnder18')) {
    missing.push('childUnder18');
    problems.push(`criteria.childUnder18 contradicts the content: child.age is ${content.child.age}`);
  }
  problems.push(...prosecutorOrderProblems(order, now));
  return missing.length === 0 && problems.length === 0 ? { ok: true } : { ok: false, missing, problems };
}

function prosecutorOrderProblems(order: Partial<ProsecutorOrder> | undefined, now: Date): string[] {
  if (!order) return ["prosecutorOrder is required: an alert goes out only on a prosecutor's order"];
  const problems: string[] = [];
  if (!order.reference?.trim()) problems.push('prosecutorOrder.reference is required');
  if (!order.issuingOffice?.trim()) problems.push('prosecutorOrder.issuingOffice is required');
  if (!(order.issuedAt instanceof Date) || Number.isNaN(order.issuedAt.getTime())) {
    problems.push('prosecutorOrder.issuedAt is required');
  } else if (order.issuedAt.getTime() > now.getTime() + LIMITS.clockSkewMs) {
    problems.push('prosecutorOrder.issuedAt must not be in the future');
  }
  return problems;
}
