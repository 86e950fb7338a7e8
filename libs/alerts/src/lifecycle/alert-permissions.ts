import type { Actor, ActorRole, Alert } from '../model/alert.types';
import type { AlertCommandType } from './alert-command.types';

/**
 * Who may ask for what (by role), before any state is looked at. The
 * person-level rules (the author's organisation, the validator not being an
 * author) come after the state check, in relationshipProblem.
 */
export const COMMAND_ROLES: Readonly<Record<AlertCommandType | 'create', readonly ActorRole[]>> = {
  create: ['police_officer'],
  edit: ['police_officer', 'police_supervisor'],
  submit: ['police_officer', 'police_supervisor'],
  validate: ['police_supervisor'],
  reject: ['police_supervisor'],
  activate: ['ngo_operator'],
  propose_update: ['police_officer', 'police_supervisor', 'ngo_operator'],
  publish_update: ['ngo_operator'],
  resolve: ['police_officer', 'police_supervisor', 'ngo_operator'],
  cancel: ['police_officer', 'police_supervisor', 'ngo_operator'],
  expire: ['system'],
};

const POLICE: readonly ActorRole[] = ['police_officer', 'police_supervisor'];

export function hasRoleFor(actor: Actor, command: AlertCommandType | 'create'): boolean {
  return actor.roles.some((role) => COMMAND_ROLES[command].includes(role));
}

/**
 * The rule between this person and this alert that forbids the command, as
 * a sentence, or undefined. Called once the state allows the command.
 */
export function relationshipProblem(
  alert: Alert,
  command: AlertCommandType,
  actor: Actor,
): string | undefined {
  const ownOrganisation = actor.organisationId === alert.authorOrganisationId;
  switch (command) {
    case 'edit':
    case 'submit':
      return ownOrganisation ? undefined : "only the author's organisation may edit or submit a draft";
    case 'cancel':
      // A draft is not yet anyone else's business.
      return alert.state === 'DRAFT' && !ownOrganisation
        ? "only the author's organisation may cancel a draft"
        : undefined;
    case 'propose_update': {
      const isPolice = actor.roles.some((role) => POLICE.includes(role));
      return isPolice && !ownOrganisation && !actor.roles.includes('ngo_operator')
        ? "only the author's police organisation or the NGO may propose an update"
        : undefined;
    }
    case 'validate':
    case 'reject': {
      const editors = alert.candidate?.editors ?? [];
      return actor.userId === alert.authorId || editors.includes(actor.userId)
        ? 'the validator must be a different person from the author: another supervisor has to validate'
        : undefined;
    }
    case 'activate':
    case 'publish_update':
    case 'resolve':
    case 'expire':
      return undefined;
  }
}
