import { ALERT_COMMAND_TYPES, type AlertCommand, type AlertCommandType } from './alert-command.types';
import { createAlert, transition } from './alert-lifecycle';
import { preparePublication, type PublicationIntent } from './alert-publication';
import type { Actor, Alert } from '../model/alert.types';
import {
  ACTORS,
  FIXTURE_ALERT_ID,
  FIXTURE_CHANNELS,
  FIXTURE_NOW,
  VALIDATE_COMMAND,
  anAlertContent,
  anAlertIn,
  expectOk,
  type FixtureState,
} from '../testing/alert.fixtures';

const EXPIRY = anAlertContent().expiresAt;
const STATES: FixtureState[] = [
  'DRAFT',
  'PENDING_VALIDATION',
  'VALIDATED',
  'ACTIVE',
  'ACTIVE+PENDING_VALIDATION',
  'ACTIVE+VALIDATED',
  'ACTIVE+REJECTED',
  'REJECTED',
  'RESOLVED',
  'CANCELLED',
  'EXPIRED',
];

/** The intent whose preview a command confirms, to build a correct confirmation. */
function intentOf(type: AlertCommandType): PublicationIntent | undefined {
  switch (type) {
    case 'activate':
      return { type: 'activate', channels: [...FIXTURE_CHANNELS] };
    case 'publish_update':
    case 'resolve':
    case 'cancel':
      return { type };
    case 'edit':
    case 'submit':
    case 'validate':
    case 'reject':
    case 'propose_update':
    case 'expire':
      return undefined;
  }
}

/** A well-formed command by a person entitled to it, so only the state can refuse it. */
function rightfulCommand(
  type: AlertCommandType,
  alert: Alert,
): { command: AlertCommand; actor: Actor; now: Date } {
  const intent = intentOf(type);
  const prepared = intent ? preparePublication(alert, intent, ACTORS.operator, FIXTURE_NOW) : undefined;
  const confirmation = prepared?.ok ? prepared.prepared.digest : 'no-preview-possible';
  switch (type) {
    case 'edit':
      return {
        command: { type, patch: { child: { hair: 'short, black' } } },
        actor: ACTORS.officer,
        now: FIXTURE_NOW,
      };
    case 'submit':
      return { command: { type }, actor: ACTORS.officer, now: FIXTURE_NOW };
    case 'validate':
      return { command: VALIDATE_COMMAND, actor: ACTORS.supervisor2, now: FIXTURE_NOW };
    case 'reject':
      return { command: { type, reason: 'order missing' }, actor: ACTORS.supervisor2, now: FIXTURE_NOW };
    case 'activate':
      return {
        command: { type, channels: [...FIXTURE_CHANNELS], confirmation },
        actor: ACTORS.operator,
        now: FIXTURE_NOW,
      };
    case 'propose_update':
      return {
        command: { type, patch: { child: { clothing: 'blue coat' } } },
        actor: ACTORS.officer,
        now: FIXTURE_NOW,
      };
    case 'publish_update':
    case 'resolve':
      return { command: { type, confirmation }, actor: ACTORS.operator, now: FIXTURE_NOW };
    case 'cancel':
      return {
        command: { type, reason: 'false report', confirmation },
        actor: ACTORS.officer,
        now: FIXTURE_NOW,
      };
    case 'expire':
      return { command: { type }, actor: ACTORS.system, now: EXPIRY };
  }
}

const ok = 'ok';
const no = 'illegal_transition';
type Outcome = typeof ok | typeof no;

/** The lifecycle of ARCHITECTURE.md, written out by hand: every state × every command. */
const EXPECTED: Record<FixtureState, Record<AlertCommandType, Outcome>> = {
  // prettier-ignore
  DRAFT:                       { edit: ok, submit: ok, validate: no, reject: no, activate: no, propose_update: no, publish_update: no, resolve: no, cancel: ok, expire: no },
  // prettier-ignore
  PENDING_VALIDATION:          { edit: no, submit: no, validate: ok, reject: ok, activate: no, propose_update: no, publish_update: no, resolve: no, cancel: ok, expire: no },
  // prettier-ignore
  VALIDATED:                   { edit: no, submit: no, validate: no, reject: no, activate: ok, propose_update: no, publish_update: no, resolve: no, cancel: ok, expire: no },
  // prettier-ignore
  ACTIVE:                      { edit: no, submit: no, validate: no, reject: no, activate: no, propose_update: ok, publish_update: no, resolve: ok, cancel: ok, expire: ok },
  // prettier-ignore
  'ACTIVE+PENDING_VALIDATION': { edit: no, submit: no, validate: ok, reject: ok, activate: no, propose_update: no, publish_update: no, resolve: ok, cancel: ok, expire: ok },
  // prettier-ignore
  'ACTIVE+VALIDATED':          { edit: no, submit: no, validate: no, reject: no, activate: no, propose_update: no, publish_update: ok, resolve: ok, cancel: ok, expire: ok },
  // prettier-ignore
  'ACTIVE+REJECTED':           { edit: no, submit: no, validate: no, reject: no, activate: no, propose_update: ok, publish_update: no, resolve: ok, cancel: ok, expire: ok },
  // prettier-ignore
  REJECTED:                    { edit: no, submit: no, validate: no, reject: no, activate: no, propose_update: no, publish_update: no, resolve: no, cancel: no, expire: no },
  // prettier-ignore
  RESOLVED:                    { edit: no, submit: no, validate: no, reject: no, activate: no, propose_update: no, publish_update: no, resolve: no, cancel: no, expire: no },
  // prettier-ignore
  CANCELLED:                   { edit: no, submit: no, validate: no, reject: no, activate: no, propose_update: no, publish_update: no, resolve: no, cancel: no, expire: no },
  // prettier-ignore
  EXPIRED:                     { edit: no, submit: no, validate: no, reject: no, activate: no, propose_update: no, publish_update: no, resolve: no, cancel: no, expire: no },
};

/** Where each accepted command leads (top-level state). */
const NEXT_STATE: Partial<Record<AlertCommandType, Partial<Record<FixtureState, Alert['state']>>>> = {
  edit: { DRAFT: 'DRAFT' },
  submit: { DRAFT: 'PENDING_VALIDATION' },
  validate: { PENDING_VALIDATION: 'VALIDATED', 'ACTIVE+PENDING_VALIDATION': 'ACTIVE' },
  reject: { PENDING_VALIDATION: 'REJECTED', 'ACTIVE+PENDING_VALIDATION': 'ACTIVE' },
  activate: { VALIDATED: 'ACTIVE' },
  propose_update: { ACTIVE: 'ACTIVE', 'ACTIVE+REJECTED': 'ACTIVE' },
  publish_update: { 'ACTIVE+VALIDATED': 'ACTIVE' },
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

describe('transition', () => {
  describe.each(STATES)('in %s', (state) => {
    it.each([...ALERT_COMMAND_TYPES])('%s', (type) => {
      const sut = deepFreeze(anAlertIn(state));
      const before = structuredClone(sut);
      const { command, actor, now } = rightfulCommand(type, sut);

      const result = transition(sut, command, actor, now);

      expect(sut).toEqual(before);
      const expected = EXPECTED[state][type];
      if (expected === no) {
        expect(result).toMatchObject({ ok: false, code: 'illegal_transition', currentState: sut.state });
        return;
      }
      if (!result.ok)
        throw new Error(`expected ${type} in ${state} to pass: ${result.code} ${result.message}`);
      const nextState =
        NEXT_STATE[type]?.[state] ??
        { resolve: 'RESOLVED', cancel: 'CANCELLED', expire: 'EXPIRED' }[type as string];
      expect(result.alert.state).toBe(nextState);
      expect(result.event).toMatchObject({
        alertId: sut.id,
        fromState: sut.state,
        toState: nextState,
        actorId: actor.userId,
        at: now,
      });
    });
  });
});

describe('roles', () => {
  const ROLE_ACTORS: Record<string, Actor> = {
    police_officer: ACTORS.officer,
    police_supervisor: ACTORS.supervisor2,
    ngo_operator: ACTORS.operator,
    ngo_admin: ACTORS.admin,
    auditor: ACTORS.auditor,
    system: ACTORS.system,
  };
  const ALLOWED: Record<AlertCommandType, string[]> = {
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
  const WHERE_LEGAL: Record<AlertCommandType, FixtureState> = {
    edit: 'DRAFT',
    submit: 'DRAFT',
    validate: 'PENDING_VALIDATION',
    reject: 'PENDING_VALIDATION',
    activate: 'VALIDATED',
    propose_update: 'ACTIVE',
    publish_update: 'ACTIVE+VALIDATED',
    resolve: 'ACTIVE',
    cancel: 'ACTIVE',
    expire: 'ACTIVE',
  };
  const cases = ALERT_COMMAND_TYPES.flatMap((type) =>
    Object.keys(ROLE_ACTORS).map((role) => [type, role] as const),
  );

  it.each(cases)('%s by %s', (type, role) => {
    const sut = anAlertIn(WHERE_LEGAL[type]);
    const { command, now } = rightfulCommand(type, sut);

    const result = transition(sut, command, ROLE_ACTORS[role], now);

    if (ALLOWED[type].includes(role)) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, code: 'forbidden', currentState: sut.state });
  });

  it('lets only a police officer create an alert', () => {
    const input = { id: FIXTURE_ALERT_ID, content: anAlertContent(), now: FIXTURE_NOW };
    expect(createAlert(input, ACTORS.officer).ok).toBe(true);
    for (const actor of [ACTORS.supervisor, ACTORS.operator, ACTORS.admin, ACTORS.auditor, ACTORS.system]) {
      expect(createAlert(input, actor)).toMatchObject({
        ok: false,
        code: 'forbidden',
        currentState: 'DRAFT',
      });
    }
  });

  it('checks the role before the state: a wrong role learns nothing about the state', () => {
    const sut = anAlertIn('RESOLVED');
    expect(transition(sut, { type: 'submit' }, ACTORS.auditor, FIXTURE_NOW)).toMatchObject({
      code: 'forbidden',
    });
  });
});

describe('the four-eyes and organisation rules', () => {
  it("lets the author's colleagues edit the draft, not another organisation", () => {
    const sut = anAlertIn('DRAFT');
    const patch: AlertCommand = { type: 'edit', patch: { child: { eyes: 'green' } } };

    expect(transition(sut, patch, ACTORS.otherOrgOfficer, FIXTURE_NOW)).toMatchObject({
      ok: false,
      code: 'forbidden',
      message: "only the author's organisation may edit or submit a draft",
      currentState: 'DRAFT',
    });
    const edited = expectOk(transition(sut, patch, ACTORS.colleague, FIXTURE_NOW));
    expect(edited.candidate?.editors).toEqual([ACTORS.officer.userId, ACTORS.colleague.userId]);
  });

  it('refuses validation by the author, even one who is also a supervisor', () => {
    const both: Actor = {
      userId: 'u-both',
      organisationId: ACTORS.officer.organisationId,
      roles: ['police_officer', 'police_supervisor'],
    };
    const draft = expectOk(
      createAlert({ id: FIXTURE_ALERT_ID, content: anAlertContent(), now: FIXTURE_NOW }, both),
    );
    const sut = expectOk(transition(draft, { type: 'submit' }, both, FIXTURE_NOW));

    const result = transition(sut, VALIDATE_COMMAND, both, FIXTURE_NOW);

    expect(result).toMatchObject({ ok: false, code: 'forbidden', currentState: 'PENDING_VALIDATION' });
    expect(transition(sut, { type: 'reject', reason: 'mine' }, both, FIXTURE_NOW)).toMatchObject({
      code: 'forbidden',
    });
  });

  it('refuses validation by a supervisor who edited the draft', () => {
    const draft = expectOk(
      transition(
        anAlertIn('DRAFT'),
        { type: 'edit', patch: { child: { eyes: 'green' } } },
        ACTORS.supervisor,
        FIXTURE_NOW,
      ),
    );
    const sut = expectOk(transition(draft, { type: 'submit' }, ACTORS.officer, FIXTURE_NOW));

    expect(transition(sut, VALIDATE_COMMAND, ACTORS.supervisor, FIXTURE_NOW)).toMatchObject({
      code: 'forbidden',
    });
    expect(transition(sut, VALIDATE_COMMAND, ACTORS.supervisor2, FIXTURE_NOW).ok).toBe(true);
  });

  it('refuses validation of an update by the person who proposed it', () => {
    const active = anAlertIn('ACTIVE');
    const sut = expectOk(
      transition(
        active,
        { type: 'propose_update', patch: { child: { hair: 'short' } } },
        ACTORS.supervisor2,
        FIXTURE_NOW,
      ),
    );

    expect(transition(sut, VALIDATE_COMMAND, ACTORS.supervisor2, FIXTURE_NOW)).toMatchObject({
      code: 'forbidden',
      currentState: 'ACTIVE',
    });
    expect(transition(sut, VALIDATE_COMMAND, ACTORS.supervisor, FIXTURE_NOW).ok).toBe(true);
  });

  it('lets the NGO propose an update but not another police organisation', () => {
    const sut = anAlertIn('ACTIVE');
    const command: AlertCommand = { type: 'propose_update', patch: { child: { hair: 'short' } } };
    expect(transition(sut, command, ACTORS.otherOrgOfficer, FIXTURE_NOW)).toMatchObject({
      code: 'forbidden',
    });
    expect(transition(sut, command, ACTORS.operator, FIXTURE_NOW).ok).toBe(true);
  });

  it("keeps a draft the author's organisation's business when cancelling", () => {
    const sut = anAlertIn('DRAFT');
    expect(
      transition(sut, { type: 'cancel', reason: 'duplicate' }, ACTORS.operator, FIXTURE_NOW),
    ).toMatchObject({ code: 'forbidden' });
  });
});

describe('versions', () => {
  it('makes a new immutable version on every edit, with its own content hash', () => {
    const sut = anAlertIn('DRAFT');
    const result = transition(
      sut,
      { type: 'edit', patch: { child: { hair: 'short, black' } } },
      ACTORS.officer,
      FIXTURE_NOW,
    );
    if (!result.ok) throw new Error(result.message);

    expect(result.newVersion).toMatchObject({ kind: 'content', alertId: sut.id, version: 2 });
    expect(result.newVersion!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.newVersion!.contentHash).not.toBe(sut.candidate!.version.contentHash);
    expect(result.alert.candidate!.version.content.child.hair).toBe('short, black');
    expect(sut.candidate!.version.content.child.hair).toBe('long, brown');
    expect(result.alert.latestVersion).toBe(2);
  });

  it('refuses an edit that breaks the content, saying what to fix', () => {
    const sut = anAlertIn('DRAFT');
    const result = transition(
      sut,
      { type: 'edit', patch: { languages: ['el', 'en', 'sq'] } },
      ACTORS.officer,
      FIXTURE_NOW,
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'invalid_content',
      problems: ['texts.sq is required: every language in languages needs its texts'],
    });
  });

  it('refuses to submit a draft without a photo', () => {
    const draft = expectOk(
      createAlert(
        { id: FIXTURE_ALERT_ID, content: anAlertContent({ photoIds: [] }), now: FIXTURE_NOW },
        ACTORS.officer,
      ),
    );
    expect(transition(draft, { type: 'submit' }, ACTORS.officer, FIXTURE_NOW)).toMatchObject({
      code: 'invalid_content',
      message: 'photoIds must list at least one photo before submitting: upload one and add its id',
    });
  });

  it('refuses an update that changes nothing', () => {
    const sut = anAlertIn('ACTIVE');
    const result = transition(
      sut,
      { type: 'propose_update', patch: { child: { hair: 'long, brown' } } },
      ACTORS.officer,
      FIXTURE_NOW,
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'invalid_content',
      message: 'the update changes nothing in the live version',
    });
  });
});
