import { applyContentPatch } from '../content/alert-content.patch';
import { contentProblems, submissionProblems } from '../content/alert-content.check';
import { checkCriteria } from '../criteria/alert-criteria';
import type { Actor, Alert, AlertState, Candidate } from '../model/alert.types';
import type {
  AlertCommand,
  AlertDomainEvent,
  AlertEventName,
  CreateAlertInput,
  TransitionErrorCode,
  TransitionFailure,
  TransitionResult,
  TransitionSuccess,
} from './alert-command.types';
import { hasRoleFor, relationshipProblem } from './alert-permissions';
import {
  contentVersion,
  preparePublication,
  publicationOf,
  type PublicationIntent,
} from './alert-publication';

/**
 * Which commands each state accepts at all (the 409 table). While ACTIVE the
 * update commands further depend on the state of the proposed update.
 */
export const ACCEPTED_COMMANDS: Readonly<Record<AlertState, readonly AlertCommand['type'][]>> = {
  DRAFT: ['edit', 'submit', 'cancel'],
  PENDING_VALIDATION: ['validate', 'reject', 'cancel'],
  VALIDATED: ['activate', 'cancel'],
  ACTIVE: ['propose_update', 'validate', 'reject', 'publish_update', 'resolve', 'cancel', 'expire'],
  REJECTED: [],
  RESOLVED: [],
  CANCELLED: [],
  EXPIRED: [],
};

/** A new DRAFT (version 1) by a police officer. */
export function createAlert(input: CreateAlertInput, actor: Actor): TransitionResult {
  const { id, content, now } = input;
  const shell: Alert = {
    id,
    state: 'DRAFT',
    exercise: content.exercise,
    authorId: actor.userId,
    authorOrganisationId: actor.organisationId,
    createdAt: now,
    updatedAt: now,
    latestVersion: 0,
    publications: [],
  };
  if (!hasRoleFor(actor, 'create'))
    return fail(shell, 'forbidden', 'only a police officer may create an alert');
  const problems = contentProblems(content, now);
  if (problems.length > 0) return fail(shell, 'invalid_content', problems[0], { problems });
  const version = contentVersion(shell, content, actor, now);
  const alert: Alert = {
    ...shell,
    latestVersion: version.version,
    candidate: { version, state: 'DRAFT', editors: [actor.userId] },
  };
  return {
    ok: true,
    alert,
    newVersion: version,
    event: eventOf('created', alert, version.version, 'DRAFT', actor, now),
  };
}

/**
 * Applies `command` by `actor` at `now` to `alert`, purely: the input is not
 * touched; on success the caller stores `alert`, inserts `newVersion` and
 * writes `publication` to the outbox, all in one transaction. On failure
 * nothing changes and the answer carries the current state.
 *
 * Order of checks: role (403) → state (409) → person (403) → content and
 * criteria (400/422) → confirmation (409).
 */
export function transition(alert: Alert, command: AlertCommand, actor: Actor, now: Date): TransitionResult {
  if (!hasRoleFor(actor, command.type)) {
    return fail(alert, 'forbidden', `your role may not ${commandWords(command.type)}`);
  }
  const stateProblem = illegalBecause(alert, command, now);
  if (stateProblem) return fail(alert, stateProblem.code, stateProblem.message);
  const personProblem = relationshipProblem(alert, command.type, actor);
  if (personProblem) return fail(alert, 'forbidden', personProblem);

  switch (command.type) {
    case 'edit':
      return edit(alert, alert.candidate!, command.patch, actor, now);
    case 'submit': {
      const candidate = alert.candidate!;
      const problems = submissionProblems(candidate.version.content);
      if (problems.length > 0) return fail(alert, 'invalid_content', problems[0], { problems });
      return succeed(
        alert,
        { ...alert, state: 'PENDING_VALIDATION', candidate: { ...candidate, state: 'PENDING_VALIDATION' } },
        'submitted',
        candidate.version.version,
        actor,
        now,
      );
    }
    case 'validate':
      return validate(alert, alert.candidate!, command, actor, now);
    case 'reject': {
      const candidate = alert.candidate!;
      const rejected: Candidate = {
        ...candidate,
        state: 'REJECTED',
        rejection: {
          version: candidate.version.version,
          rejectedBy: refOf(actor),
          rejectedAt: now,
          reason: command.reason,
        },
      };
      const active = alert.state === 'ACTIVE';
      return succeed(
        alert,
        { ...alert, state: active ? 'ACTIVE' : 'REJECTED', candidate: rejected },
        active ? 'update_rejected' : 'rejected',
        candidate.version.version,
        actor,
        now,
        { reason: command.reason },
      );
    }
    case 'propose_update':
      return proposeUpdate(alert, command.patch, actor, now);
    case 'activate':
      return publish(
        alert,
        { type: 'activate', channels: command.channels, area: command.area },
        command.confirmation,
        actor,
        now,
      );
    case 'publish_update':
      return publish(alert, { type: 'publish_update' }, command.confirmation, actor, now);
    case 'resolve':
      return publish(alert, { type: 'resolve' }, command.confirmation, actor, now);
    case 'expire':
      return publish(alert, { type: 'expire' }, undefined, actor, now);
    case 'cancel':
      if (alert.state === 'ACTIVE') {
        return publish(alert, { type: 'cancel' }, command.confirmation ?? '', actor, now, {
          reason: command.reason,
        });
      }
      // Never public: nothing to retract, nothing goes out.
      return succeed(alert, { ...alert, state: 'CANCELLED' }, 'cancelled', alert.latestVersion, actor, now, {
        reason: command.reason,
      });
  }
}

/** Why the alert's state refuses the command (409s), or undefined. */
function illegalBecause(
  alert: Alert,
  command: AlertCommand,
  now: Date,
): { code: 'illegal_transition' | 'not_due'; message: string } | undefined {
  const illegal = (message: string) => ({ code: 'illegal_transition' as const, message });
  const accepted = ACCEPTED_COMMANDS[alert.state];
  if (!accepted.includes(command.type))
    return illegal(`cannot ${commandWords(command.type)} an alert that is ${alert.state}`);
  if (alert.state !== 'ACTIVE') return undefined;
  const pending = alert.candidate?.state;
  switch (command.type) {
    case 'propose_update':
      return pending === 'PENDING_VALIDATION' || pending === 'VALIDATED'
        ? illegal(
            `an update (version ${alert.candidate!.version.version}) is already ${pending}: validate, reject or publish it first`,
          )
        : undefined;
    case 'validate':
    case 'reject':
      return pending === 'PENDING_VALIDATION'
        ? undefined
        : illegal('the alert is ACTIVE and has no update waiting for validation');
    case 'publish_update':
      return pending === 'VALIDATED'
        ? undefined
        : illegal('the alert is ACTIVE and has no validated update to publish');
    case 'expire': {
      const expiresAt = alert.lastContent!.content.expiresAt;
      return now.getTime() >= expiresAt.getTime()
        ? undefined
        : { code: 'not_due', message: `the alert expires at ${expiresAt.toISOString()}, not before` };
    }
    case 'edit':
    case 'submit':
    case 'activate':
    case 'resolve':
    case 'cancel':
      return undefined;
  }
}

function edit(
  alert: Alert,
  candidate: Candidate,
  patch: Parameters<typeof applyContentPatch>[1],
  actor: Actor,
  now: Date,
): TransitionResult {
  const content = applyContentPatch(candidate.version.content, patch);
  const problems = contentProblems(content, now);
  if (problems.length > 0) return fail(alert, 'invalid_content', problems[0], { problems });
  const version = contentVersion(alert, content, actor, now);
  const next: Alert = {
    ...alert,
    latestVersion: version.version,
    candidate: { version, state: 'DRAFT', editors: withEditor(candidate.editors, actor) },
  };
  return { ...succeed(alert, next, 'edited', version.version, actor, now), newVersion: version };
}

function proposeUpdate(
  alert: Alert,
  patch: Parameters<typeof applyContentPatch>[1],
  actor: Actor,
  now: Date,
): TransitionResult {
  const live = alert.lastContent!;
  const content = applyContentPatch(live.content, patch);
  const problems = contentProblems(content, now);
  if (problems.length > 0) return fail(alert, 'invalid_content', problems[0], { problems });
  const version = contentVersion(alert, content, actor, now);
  if (version.contentHash === live.contentHash) {
    return fail(alert, 'invalid_content', 'the update changes nothing in the live version', {
      problems: ['the update changes nothing in the live version'],
    });
  }
  const next: Alert = {
    ...alert,
    latestVersion: version.version,
    candidate: { version, state: 'PENDING_VALIDATION', editors: [actor.userId] },
  };
  return { ...succeed(alert, next, 'update_proposed', version.version, actor, now), newVersion: version };
}

function validate(
  alert: Alert,
  candidate: Candidate,
  command: Extract<AlertCommand, { type: 'validate' }>,
  actor: Actor,
  now: Date,
): TransitionResult {
  const check = checkCriteria(candidate.version.content, command.criteria, command.prosecutorOrder, now);
  if (!check.ok) {
    return fail(alert, 'criteria_not_met', check.problems[0], {
      problems: check.problems,
      missingCriteria: check.missing,
    });
  }
  const validated: Candidate = {
    ...candidate,
    state: 'VALIDATED',
    validation: {
      version: candidate.version.version,
      contentHash: candidate.version.contentHash,
      validatedBy: refOf(actor),
      validatedAt: now,
      criteria: command.criteria,
      prosecutorOrder: command.prosecutorOrder,
    },
  };
  const active = alert.state === 'ACTIVE';
  return succeed(
    alert,
    { ...alert, state: active ? 'ACTIVE' : 'VALIDATED', candidate: validated },
    active ? 'update_validated' : 'validated',
    candidate.version.version,
    actor,
    now,
    { criteria: command.criteria, prosecutorOrder: command.prosecutorOrder },
  );
}

const PUBLISHED_STATE: Record<PublicationIntent['type'], AlertState> = {
  activate: 'ACTIVE',
  publish_update: 'ACTIVE',
  resolve: 'RESOLVED',
  cancel: 'CANCELLED',
  expire: 'EXPIRED',
};

const PUBLISHED_EVENT: Record<PublicationIntent['type'], AlertEventName> = {
  activate: 'activated',
  publish_update: 'update_published',
  resolve: 'resolved',
  cancel: 'cancelled',
  expire: 'expired',
};

function publish(
  alert: Alert,
  intent: PublicationIntent,
  confirmation: string | undefined,
  actor: Actor,
  now: Date,
  details: Record<string, unknown> = {},
): TransitionResult {
  const preparation = preparePublication(alert, intent, actor, now);
  if (!preparation.ok) return fail(alert, 'illegal_transition', preparation.message);
  const prepared = preparation.prepared;
  if (prepared.version.kind === 'content' && prepared.version.content.expiresAt.getTime() <= now.getTime()) {
    const message = 'expiresAt has passed: this version can no longer go out';
    return fail(alert, 'invalid_content', message, { problems: [message] });
  }
  // The expiry job confirms nothing: the time has come, by rule.
  if (intent.type !== 'expire' && confirmation !== prepared.digest) {
    return fail(
      alert,
      'stale_confirmation',
      'the confirmation does not match what would be published now: preview again and confirm what you see',
    );
  }
  const ending = intent.type === 'resolve' || intent.type === 'cancel' || intent.type === 'expire';
  const publishedContent = prepared.version.kind === 'content' ? prepared.version : alert.lastContent;
  const next: Alert = {
    ...alert,
    state: PUBLISHED_STATE[intent.type],
    latestVersion: Math.max(alert.latestVersion, prepared.version.version),
    live: prepared.version,
    candidate: undefined,
    lastContent: publishedContent,
    dissemination: { channels: prepared.channels },
    publications: [...alert.publications, publicationOf(alert, prepared, now)],
  };
  const result = succeed(alert, next, PUBLISHED_EVENT[intent.type], prepared.version.version, actor, now, {
    ...details,
    ...(ending ? {} : { channels: prepared.channels }),
    identifier: prepared.identifier,
  });
  return {
    ...result,
    ...(prepared.isNew ? { newVersion: prepared.version } : {}),
    publication: next.publications[next.publications.length - 1],
  };
}

function succeed(
  before: Alert,
  after: Alert,
  name: AlertEventName,
  version: number,
  actor: Actor,
  now: Date,
  details?: Record<string, unknown>,
): TransitionSuccess {
  const alert = { ...after, updatedAt: now };
  if (alert.candidate === undefined) delete alert.candidate;
  return { ok: true, alert, event: eventOf(name, alert, version, before.state, actor, now, details) };
}

function eventOf(
  name: AlertEventName,
  alert: Alert,
  version: number,
  fromState: AlertState,
  actor: Actor,
  at: Date,
  details?: Record<string, unknown>,
): AlertDomainEvent {
  return {
    name,
    alertId: alert.id,
    version,
    fromState,
    toState: alert.state,
    actorId: actor.userId,
    organisationId: actor.organisationId,
    at,
    ...(details ? { details } : {}),
  };
}

function fail(
  alert: Alert,
  code: TransitionErrorCode,
  message: string,
  extra: Pick<TransitionFailure, 'problems' | 'missingCriteria'> = {},
): TransitionFailure {
  return { ok: false, code, message, currentState: alert.state, ...extra };
}

function refOf(actor: Actor) {
  return { userId: actor.userId, organisationId: actor.organisationId };
}

function withEditor(editors: readonly string[], actor: Actor): string[] {
  return editors.includes(actor.userId) ? [...editors] : [...editors, actor.userId];
}

function commandWords(command: AlertCommand['type'] | 'create'): string {
  return command.replace('_', ' ');
}
