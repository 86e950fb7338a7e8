import { listRouteAccess } from '@childalert/auth';
import {
  aCreateBody,
  aDraftWithPhoto,
  anActiveAlert,
  aPhoneJpeg,
  type AlertApiTestApp,
  aValidatedAlert,
  bearer,
  addUser,
  expectRefused,
  expectStatus,
  loginStaff,
  previewToken,
  type Staff,
  startAlertApi,
  VALIDATE_BODY,
} from './alert-api-test.app';

type Method = 'get' | 'post' | 'patch';
type Username = 'officer' | 'supervisor' | 'operator' | 'admin' | 'auditor';
const EVERYONE: Username[] = ['officer', 'supervisor', 'operator', 'admin', 'auditor'];

const POLICE = ['police_officer', 'police_supervisor'];
const POLICE_AND_NGO = ['police_officer', 'police_supervisor', 'ngo_operator'];
const PROGRESS_READERS = ['police_supervisor', 'ngo_operator', 'ngo_admin', 'auditor'];

/** Who may call each alert route: the table of the closing note, checked against the app's own. */
const ROUTES: { method: Method; path: string; roles: string[] | 'public' }[] = [
  { method: 'get', path: '/v1/alerts', roles: 'public' },
  { method: 'post', path: '/v1/alerts', roles: ['police_officer'] },
  { method: 'get', path: '/v1/alerts/:id', roles: 'public' },
  { method: 'patch', path: '/v1/alerts/:id', roles: POLICE },
  { method: 'post', path: '/v1/alerts/:id/activate', roles: ['ngo_operator'] },
  { method: 'post', path: '/v1/alerts/:id/cancel', roles: POLICE_AND_NGO },
  { method: 'post', path: '/v1/alerts/:id/documents', roles: ['police_supervisor'] },
  { method: 'get', path: '/v1/alerts/:id/dead-letters', roles: ['ngo_operator', 'ngo_admin'] },
  { method: 'get', path: '/v1/alerts/:id/deliveries', roles: PROGRESS_READERS },
  { method: 'get', path: '/v1/alerts/:id/deliveries/stream', roles: PROGRESS_READERS },
  { method: 'get', path: '/v1/alerts/:id/documents/:documentId', roles: POLICE_AND_NGO },
  { method: 'post', path: '/v1/alerts/:id/photos', roles: POLICE_AND_NGO },
  { method: 'get', path: '/v1/alerts/:id/partner-acks', roles: ['ngo_operator', 'ngo_admin'] },
  { method: 'get', path: '/v1/alerts/:id/photos/:photoId/:variant', roles: 'public' },
  { method: 'get', path: '/v1/alerts/:id/preview', roles: POLICE_AND_NGO },
  { method: 'post', path: '/v1/alerts/:id/publish-update', roles: ['ngo_operator'] },
  { method: 'post', path: '/v1/alerts/:id/reject', roles: ['police_supervisor'] },
  { method: 'post', path: '/v1/alerts/:id/resolve', roles: POLICE_AND_NGO },
  { method: 'post', path: '/v1/alerts/:id/submit', roles: POLICE },
  { method: 'post', path: '/v1/alerts/:id/validate', roles: ['police_supervisor'] },
  { method: 'post', path: '/v1/alerts/:id/versions', roles: POLICE_AND_NGO },
];

const ROLE_OF: Record<Username, string> = {
  officer: 'police_officer',
  supervisor: 'police_supervisor',
  operator: 'ngo_operator',
  admin: 'ngo_admin',
  auditor: 'auditor',
};

// Real PostgreSQL, broker and child processes: generous, though each test takes seconds.
jest.setTimeout(60_000);
describe('refusals: wrong roles, illegal transitions, wrong persons, unmet criteria', () => {
  let t: AlertApiTestApp;
  let staff: Staff;
  const tokens = {} as Record<Username | 'supervisor2', string>;

  beforeAll(async () => {
    t = await startAlertApi();
    staff = await loginStaff(t);
    tokens.officer = staff.officer;
    tokens.supervisor = staff.supervisor;
    tokens.operator = staff.operator;
    tokens.admin = await t.login('admin');
    tokens.auditor = await t.login('auditor');
    tokens.supervisor2 = await addUser(t, tokens.admin, 'supervisor2', 'police_supervisor');
  });

  afterAll(async () => {
    await t?.close();
  });

  const refused = (
    send: () => Promise<{ status: number; body: unknown }>,
    status: number,
    expected: Record<string, unknown> = {},
  ) => expectRefused(t, send, status, expected);

  it('declares a role rule on every alert route, exactly as the table says', () => {
    const routes = listRouteAccess(t.app).filter((route) => route.path.startsWith('/v1/alerts'));
    expect(routes.every((route) => route.problem === undefined)).toBe(true);
    expect(
      routes.map((route) => ({
        method: route.method.toLowerCase(),
        path: route.path,
        roles: route.rule!.public ? 'public' : [...route.rule!.roles].sort(),
      })),
    ).toEqual(
      [...ROUTES]
        .map((route) => ({ ...route, roles: route.roles === 'public' ? 'public' : [...route.roles].sort() }))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.method < b.method ? -1 : 1)),
    );
  });

  it('refuses every role a route does not name (403) and anonymous callers (401), changing nothing', async () => {
    const id = await anActiveAlert(t, staff);
    let checked = 0;
    for (const route of ROUTES) {
      if (route.roles === 'public') continue;
      const path = route.path.replace(':id', id);
      await refused(() => t.http()[route.method](path), 401, { error: 'unauthorized' });
      for (const user of EVERYONE.filter((u) => !(route.roles as string[]).includes(ROLE_OF[u]))) {
        await refused(() => t.http()[route.method](path).set(bearer(tokens[user])).send({}), 403, {
          error: 'forbidden',
          message: expect.stringContaining('requires one of the roles'),
        });
        checked += 1;
      }
    }
    expect(checked).toBe(50);
  });

  it('refuses every command an alert state does not allow with 409 and the current state, changing nothing', async () => {
    const draft = await aDraftWithPhoto(t, staff);
    const pending = await aDraftWithPhoto(t, staff);
    expectStatus(await t.http().post(`/v1/alerts/${pending}/submit`).set(bearer(tokens.officer)), 200);
    const validated = await aValidatedAlert(t, staff);
    const active = await anActiveAlert(t, staff);
    const rejected = await aDraftWithPhoto(t, staff);
    expectStatus(await t.http().post(`/v1/alerts/${rejected}/submit`).set(bearer(tokens.officer)), 200);
    expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${rejected}/reject`)
        .set(bearer(tokens.supervisor))
        .send({ reason: 'no order yet' }),
      200,
    );
    const resolved = await anActiveAlert(t, staff);
    const resolve = await previewToken(t, resolved, tokens.operator, { intent: 'resolve' });
    expectStatus(
      await t
        .http()
        .post(`/v1/alerts/${resolved}/resolve`)
        .set(bearer(tokens.operator))
        .send({ confirmationToken: resolve }),
      200,
    );

    const patch = { child: { clothing: 'blue coat' } };
    const activate = { confirmationToken: 'ca1.x.y', channels: ['email'] };
    const confirm = { confirmationToken: 'ca1.x.y' };
    // [state, alert, who, method, path, body]
    const cases: [string, string, Username | 'supervisor2', Method, string, object][] = [
      ['DRAFT', draft, 'supervisor', 'post', 'validate', VALIDATE_BODY],
      ['DRAFT', draft, 'supervisor', 'post', 'reject', { reason: 'not yet' }],
      ['DRAFT', draft, 'operator', 'post', 'activate', activate],
      ['DRAFT', draft, 'officer', 'post', 'versions', patch],
      ['DRAFT', draft, 'officer', 'post', 'resolve', confirm],
      ['DRAFT', draft, 'operator', 'post', 'publish-update', confirm],
      ['PENDING_VALIDATION', pending, 'officer', 'patch', '', patch],
      ['PENDING_VALIDATION', pending, 'officer', 'post', 'submit', {}],
      ['PENDING_VALIDATION', pending, 'operator', 'post', 'activate', activate],
      ['PENDING_VALIDATION', pending, 'officer', 'post', 'versions', patch],
      ['VALIDATED', validated, 'officer', 'patch', '', patch],
      ['VALIDATED', validated, 'officer', 'post', 'submit', {}],
      ['VALIDATED', validated, 'supervisor2', 'post', 'validate', VALIDATE_BODY],
      ['VALIDATED', validated, 'supervisor2', 'post', 'reject', { reason: 'changed my mind' }],
      ['VALIDATED', validated, 'officer', 'post', 'resolve', confirm],
      ['ACTIVE', active, 'officer', 'patch', '', patch],
      ['ACTIVE', active, 'officer', 'post', 'submit', {}],
      ['ACTIVE', active, 'operator', 'post', 'activate', activate],
      ['ACTIVE', active, 'supervisor2', 'post', 'validate', VALIDATE_BODY],
      ['ACTIVE', active, 'supervisor2', 'post', 'reject', { reason: 'nothing to reject' }],
      ['ACTIVE', active, 'operator', 'post', 'publish-update', confirm],
      ['REJECTED', rejected, 'officer', 'patch', '', patch],
      ['REJECTED', rejected, 'officer', 'post', 'submit', {}],
      ['REJECTED', rejected, 'officer', 'post', 'cancel', { reason: 'too late' }],
      ['REJECTED', rejected, 'operator', 'post', 'activate', activate],
      ['RESOLVED', resolved, 'officer', 'post', 'versions', patch],
      ['RESOLVED', resolved, 'officer', 'post', 'resolve', confirm],
      ['RESOLVED', resolved, 'operator', 'post', 'cancel', { reason: 'again' }],
      ['RESOLVED', resolved, 'officer', 'patch', '', patch],
    ];
    for (const [state, id, who, method, action, body] of cases) {
      const path = action === '' ? `/v1/alerts/${id}` : `/v1/alerts/${id}/${action}`;
      await refused(() => t.http()[method](path).set(bearer(tokens[who])).send(body), 409, {
        currentState: state,
      });
    }
    // Nothing to preview in the wrong state either, and photos only join a draft or an update.
    await refused(
      () =>
        t
          .http()
          .get(`/v1/alerts/${draft}/preview`)
          .query({ intent: 'activate', channels: 'email' })
          .set(bearer(tokens.operator)),
      409,
      { currentState: 'DRAFT' },
    );
    await refused(
      async () =>
        t
          .http()
          .post(`/v1/alerts/${validated}/photos`)
          .set(bearer(tokens.officer))
          .set('Content-Type', 'image/jpeg')
          .send(await aPhoneJpeg(64, 64)),
      409,
      { currentState: 'VALIDATED' },
    );
  });

  it('refuses the wrong person: the validator is never an author, the NGO never edits a draft', async () => {
    const id = await aDraftWithPhoto(t, staff);
    // A supervisor who edits the draft becomes one of its authors.
    expectStatus(
      await t
        .http()
        .patch(`/v1/alerts/${id}`)
        .set(bearer(tokens.supervisor))
        .send({ child: { hair: 'short' } }),
      200,
    );
    expectStatus(await t.http().post(`/v1/alerts/${id}/submit`).set(bearer(tokens.officer)), 200);
    await refused(
      () => t.http().post(`/v1/alerts/${id}/validate`).set(bearer(tokens.supervisor)).send(VALIDATE_BODY),
      403,
      {
        error: 'forbidden',
        currentState: 'PENDING_VALIDATION',
        message: expect.stringContaining('different person'),
      },
    );
    await refused(
      () => t.http().post(`/v1/alerts/${id}/reject`).set(bearer(tokens.supervisor)).send({ reason: 'mine' }),
      403,
      {
        currentState: 'PENDING_VALIDATION',
      },
    );
    expectStatus(
      await t.http().post(`/v1/alerts/${id}/validate`).set(bearer(tokens.supervisor2)).send(VALIDATE_BODY),
      200,
    );

    const draft = expectStatus(
      await t.http().post('/v1/alerts').set(bearer(tokens.officer)).send(aCreateBody()),
      201,
    );
    await refused(
      async () =>
        t
          .http()
          .post(`/v1/alerts/${draft.id}/photos`)
          .set(bearer(tokens.operator))
          .set('Content-Type', 'image/jpeg')
          .send(await aPhoneJpeg(64, 64)),
      403,
      { currentState: 'DRAFT' },
    );
    await refused(
      () =>
        t
          .http()
          .post(`/v1/alerts/${draft.id}/cancel`)
          .set(bearer(tokens.operator))
          .send({ reason: 'not ours' }),
      403,
      {
        currentState: 'DRAFT',
      },
    );
  });

  it('refuses criteria not confirmed (400) and answers each missing one', async () => {
    const id = await aDraftWithPhoto(t, staff);
    expectStatus(await t.http().post(`/v1/alerts/${id}/submit`).set(bearer(tokens.officer)), 200);
    const body = await refused(
      () =>
        t
          .http()
          .post(`/v1/alerts/${id}/validate`)
          .set(bearer(tokens.supervisor))
          .send({
            ...VALIDATE_BODY,
            criteria: { ...VALIDATE_BODY.criteria, imminentDanger: false, familyConsent: 'refused' },
          }),
      400,
      { error: 'invalid_input' },
    );
    expect(body.problems).toEqual([
      'criteria.imminentDanger must be true: confirm that the child is in imminent danger of serious harm, or reject the alert with a reason',
      'criteria.familyConsent must be one of given, not_required: without consent where the law requires it, reject the alert',
    ]);
    await refused(
      () =>
        t
          .http()
          .post(`/v1/alerts/${id}/validate`)
          .set(bearer(tokens.supervisor))
          .send({
            ...VALIDATE_BODY,
            prosecutorOrder: {
              ...VALIDATE_BODY.prosecutorOrder,
              documentId: '6f1c1d0e-3c57-4b8e-9a55-0c1f3f2b8a01',
            },
          }),
      400,
      {
        error: 'invalid_content',
        currentState: 'PENDING_VALIDATION',
        message: expect.stringContaining('was not uploaded'),
      },
    );
    await refused(
      () =>
        t
          .http()
          .post(`/v1/alerts/${id}/documents`)
          .set(bearer(tokens.supervisor))
          .set('Content-Type', 'application/pdf')
          .send(Buffer.from('<html>not a scan</html>')),
      415,
    );
    await refused(
      () =>
        t
          .http()
          .post(`/v1/alerts/${id}/validate`)
          .set(bearer(tokens.supervisor))
          .send({ criteria: VALIDATE_BODY.criteria }),
      400,
      {
        problems: ["prosecutorOrder is required: an alert goes out only on a prosecutor's order"],
      },
    );
  });
});
