import type { AlertEventType, Channel } from '@childalert/contracts';
import type { AlertContent, ClosureContent, TargetArea } from './alert-content.types';

export const ALERT_STATES = [
  'DRAFT',
  'PENDING_VALIDATION',
  'VALIDATED',
  'ACTIVE',
  'REJECTED',
  'RESOLVED',
  'CANCELLED',
  'EXPIRED',
] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const ENDED_STATES: readonly AlertState[] = ['REJECTED', 'RESOLVED', 'CANCELLED', 'EXPIRED'];

export const ALERT_ROLES = [
  'police_officer',
  'police_supervisor',
  'ngo_operator',
  'ngo_admin',
  'auditor',
] as const;
export type AlertRole = (typeof ALERT_ROLES)[number];

/** The expiry job acts as `system`; no person holds this role. */
export type ActorRole = AlertRole | 'system';

export interface Actor {
  userId: string;
  organisationId: string;
  roles: readonly ActorRole[];
}

export const SYSTEM_ACTOR: Actor = { userId: 'system', organisationId: 'system', roles: ['system'] };

/** Who made a version, kept on it for the record. */
export interface ActorRef {
  userId: string;
  organisationId: string;
}

interface VersionBase {
  alertId: string;
  /** 1, 2, 3 … per alert; every change takes the next number. */
  version: number;
  /** sha256 hex of the canonical JSON of the content (see contentHashOf). */
  contentHash: string;
  createdAt: Date;
  createdBy: ActorRef;
}

export interface ContentVersion extends VersionBase {
  kind: 'content';
  content: AlertContent;
}

/** The version that ends a published alert (RESOLVED, CANCELLED, EXPIRED). */
export interface ClosureVersion extends VersionBase {
  kind: 'closure';
  content: ClosureContent;
}

/** Immutable: a change makes a new version, never edits one. */
export type AlertVersion = ContentVersion | ClosureVersion;

export const CANDIDATE_STATES = ['DRAFT', 'PENDING_VALIDATION', 'VALIDATED', 'REJECTED'] as const;
export type CandidateState = (typeof CANDIDATE_STATES)[number];

export const FAMILY_CONSENT_VALUES = ['given', 'not_required'] as const;
export type FamilyConsent = (typeof FAMILY_CONSENT_VALUES)[number];

/** The validator's explicit answer to each AMBER criterion. */
export interface CriteriaConfirmation {
  childUnder18: boolean;
  abductionBelieved: boolean;
  imminentDanger: boolean;
  sufficientDescription: boolean;
  /** `given`, or `not_required` where the law does not ask for it; anything else fails. */
  familyConsent: FamilyConsent;
}

export interface ProsecutorOrder {
  reference: string;
  issuingOffice: string;
  issuedAt: Date;
  /** Id of the stored scanned order, if any. */
  documentId?: string;
}

export interface ValidationRecord {
  version: number;
  contentHash: string;
  validatedBy: ActorRef;
  validatedAt: Date;
  criteria: CriteriaConfirmation;
  prosecutorOrder: ProsecutorOrder;
}

export interface RejectionRecord {
  version: number;
  rejectedBy: ActorRef;
  rejectedAt: Date;
  reason: string;
}

/**
 * A content version on its way to publication: the draft before the first
 * activation, or a proposed update while the alert is ACTIVE (the published
 * version stays live until the update itself is published).
 */
export interface Candidate {
  version: ContentVersion;
  state: CandidateState;
  /** Everyone who wrote this candidate; none of them may validate it. */
  editors: string[];
  validation?: ValidationRecord;
  rejection?: RejectionRecord;
}

/** What the NGO operator chose at activation. */
export interface Dissemination {
  /** The channels the alert goes out on; updates and the end reach the same ones. */
  channels: Channel[];
}

export type PublicationType = AlertEventType;
export type PublicationMsgType = 'Alert' | 'Update' | 'Cancel';

/** One message that went (or goes) out: one per published version. */
export interface Publication {
  alertId: string;
  version: number;
  type: PublicationType;
  msgType: PublicationMsgType;
  /** The CAP identifier of this version (see capIdentifierOf). */
  identifier: string;
  sent: Date;
  exercise: boolean;
}

export interface Alert {
  id: string;
  state: AlertState;
  exercise: boolean;
  authorId: string;
  authorOrganisationId: string;
  createdAt: Date;
  updatedAt: Date;
  /** Highest version number taken so far. */
  latestVersion: number;
  /** The version the public sees: set from activation on; after the end, the closure version. */
  live?: AlertVersion;
  /** Draft/pending/validated/rejected content; while ACTIVE, a proposed update. */
  candidate?: Candidate;
  /** The last content version that was live (the alert's record after it ends; restricted). */
  lastContent?: ContentVersion;
  dissemination?: Dissemination;
  /** Every message published for this alert, oldest first: CAP references chain to them. */
  publications: Publication[];
}

export type { TargetArea };
