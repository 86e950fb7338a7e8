import type { Channel } from '@childalert/contracts';
import type { AlertContentPatch } from '../content/alert-content.patch';
import type { AlertContent, TargetArea } from '../model/alert-content.types';
import type {
  Alert,
  AlertState,
  AlertVersion,
  CriteriaConfirmation,
  ProsecutorOrder,
  Publication,
} from '../model/alert.types';
import type { AlertCriterion } from '../criteria/alert-criteria';

/**
 * What a person (or the expiry job) asks of an alert. `confirmation` is the
 * digest the preview showed (see confirmationDigest): a publication goes out
 * only if it matches what would be published now.
 */
export type AlertCommand =
  /** DRAFT: JSON Merge Patch of the content; a new version. */
  | { type: 'edit'; patch: AlertContentPatch }
  /** DRAFT → PENDING_VALIDATION. */
  | { type: 'submit' }
  /** PENDING_VALIDATION → VALIDATED; while ACTIVE, validates the proposed update. */
  | { type: 'validate'; criteria: CriteriaConfirmation; prosecutorOrder: ProsecutorOrder }
  /** PENDING_VALIDATION → REJECTED; while ACTIVE, rejects the proposed update (the alert stays live). */
  | { type: 'reject'; reason: string }
  /** VALIDATED → ACTIVE. An `area` other than the validated one makes a new version with that area. */
  | { type: 'activate'; channels: readonly Channel[]; area?: TargetArea; confirmation: string }
  /** ACTIVE: a new version from the live one, to be validated again; the live version stays out. */
  | { type: 'propose_update'; patch: AlertContentPatch }
  /** ACTIVE: publishes the validated update (CAP Update). */
  | { type: 'publish_update'; confirmation: string }
  /** ACTIVE → RESOLVED: the child is found (CAP Update, no personal data). */
  | { type: 'resolve'; confirmation: string }
  /**
   * → CANCELLED. From ACTIVE it is published (CAP Cancel) and needs the
   * confirmation; before activation nothing was public, so nothing goes out.
   */
  | { type: 'cancel'; reason: string; confirmation?: string }
  /** ACTIVE → EXPIRED, by the system once the expiry has passed (CAP Update, no personal data). */
  | { type: 'expire' };

export type AlertCommandType = AlertCommand['type'];

export const ALERT_COMMAND_TYPES: readonly AlertCommandType[] = [
  'edit',
  'submit',
  'validate',
  'reject',
  'activate',
  'propose_update',
  'publish_update',
  'resolve',
  'cancel',
  'expire',
];

export const TRANSITION_ERROR_CODES = [
  'forbidden',
  'illegal_transition',
  'stale_confirmation',
  'not_due',
  'invalid_content',
  'criteria_not_met',
] as const;
export type TransitionErrorCode = (typeof TRANSITION_ERROR_CODES)[number];

/** How the API answers each refusal. Nothing changes on any of them. */
export const TRANSITION_ERROR_HTTP_STATUS: Record<TransitionErrorCode, number> = {
  forbidden: 403,
  illegal_transition: 409,
  /** The preview the operator confirmed is not what would go out now: preview again. */
  stale_confirmation: 409,
  /** `expire` before the expiry time. */
  not_due: 409,
  invalid_content: 400,
  criteria_not_met: 422,
};

export const ALERT_EVENT_NAMES = [
  'created',
  'edited',
  'submitted',
  'validated',
  'rejected',
  'activated',
  'update_proposed',
  'update_validated',
  'update_rejected',
  'update_published',
  'resolved',
  'cancelled',
  'expired',
] as const;
export type AlertEventName = (typeof ALERT_EVENT_NAMES)[number];

/** What happened, for the audit trail: one per successful command. */
export interface AlertDomainEvent {
  name: AlertEventName;
  alertId: string;
  /** The version the command made or acted on. */
  version: number;
  fromState: AlertState;
  toState: AlertState;
  actorId: string;
  organisationId: string;
  at: Date;
  /** Reason of a rejection or cancellation, the criteria and order of a validation, channels of an activation. */
  details?: Record<string, unknown>;
}

export interface TransitionSuccess {
  ok: true;
  alert: Alert;
  event: AlertDomainEvent;
  /** A version to store (immutable, insert-only). */
  newVersion?: AlertVersion;
  /** A message to publish: write it to the outbox in the same transaction. */
  publication?: Publication;
}

export interface TransitionFailure {
  ok: false;
  code: TransitionErrorCode;
  message: string;
  currentState: AlertState;
  /** invalid_content / criteria_not_met: every problem, one sentence each. */
  problems?: string[];
  /** criteria_not_met: which criteria failed. */
  missingCriteria?: AlertCriterion[];
}

export type TransitionResult = TransitionSuccess | TransitionFailure;

export interface CreateAlertInput {
  id: string;
  content: AlertContent;
  now: Date;
}
