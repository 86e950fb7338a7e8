// Issue 8, in a real browser (Debian's headless Chromium): an officer drafts
// with a photo, a supervisor validates, an NGO operator previews and
// activates, the dashboard reaches 100% delivered against the loopback SMTP
// relay; the public page shows the alert, and after "found safe" from the
// console it says so with nothing personal. Each screen is saved under
// TEST_OUTPUT_DIR/browser and checked for what a person would look for.
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { t as translate } from '@childalert/i18n';
import { aPhoneJpeg, DEMO_PASSWORD } from '../alerts-api/alert-api-test.app';
import { makeSigningIdentity } from '../partners/support/signing-identity';
import { launchChromium, type HeadlessChromium } from './support/chromium';
import { type ConsoleStack, startConsoleStack } from './support/console-stack';
import { accessibilityProblems, assertAccessible } from './support/accessibility';
import { imageShows, screenshot, shareOfColour } from './support/screenshots';

const AUDIENCE = 20;
const NAME = 'Maria Papadopoulou';
const HEADLINE_EL = 'Η Μαρία, 7 ετών, αγνοείται στην Αθήνα';
const HEADLINE_EN = 'Maria, 7, missing in Athens';
/** aPhoneJpeg's colour, and the console's "delivered" green. */
const PHOTO_RGB: [number, number, number] = [200, 80, 40];
const DELIVERED_RGB: [number, number, number] = [0x1b, 0x5e, 0x20];

/** An hour ago, as a datetime-local field in Athens takes it. */
function anHourAgoInAthens(): string {
  const local = new Date(Date.now() - 3_600_000).toLocaleString('sv-SE', { timeZone: 'Europe/Athens' });
  return local.replace(' ', 'T').slice(0, 16);
}

describe('the operator console and the public pages in headless Chromium', () => {
  let stack: ConsoleStack;
  let chromium: HeadlessChromium;
  const contexts: BrowserContext[] = [];
  let alertId = '';

  beforeAll(async () => {
    chromium = await launchChromium();
    stack = await startConsoleStack(AUDIENCE);
  }, 90_000);

  // Generous: on a loaded machine closing every context and the stack takes more than jest's default 5 s.
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await chromium?.close();
    await stack?.close();
  }, 60_000);

  /** A person's own browser context, signed in to the console. */
  async function signIn(username: string, hash = ''): Promise<Page> {
    const context = await chromium.context();
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${stack.baseUrl}/console/${hash}`);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    return page;
  }

  const errorNextTo = (page: Page, label: string) =>
    page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.error');

  it('lets an officer draft an alert with a photo, refusing bad input next to each field', async () => {
    const page = await signIn('officer', '#/draft');
    await page.getByRole('heading', { name: 'Draft a child alert' }).waitFor();

    // Nothing filled in: refused, each message beside its field, nothing sent.
    // The area as regions: picked from the list, and none picked is refused beside the list.
    await page.getByLabel('Regions', { exact: true }).check();
    await page.getByLabel('Age (years)').fill('19');
    await page.getByRole('button', { name: 'Save and submit for validation' }).click();
    await expectText(errorNextTo(page, 'Full name'), 'This field is required.');
    await expectText(errorNextTo(page, 'Age (years)'), 'Enter a whole number from 0 to 17');
    await expectText(errorNextTo(page, 'Phone'), 'Enter a phone number as dialled');
    await expectText(errorNextTo(page, 'Photo'), 'Add a photo of the child.');
    expect(await page.getByLabel('Full name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectText(page.locator('.criteria .error'), 'Every criterion must hold');
    const regionList = page.getByTestId('regions-alertRegions');
    await expectText(regionList.locator('.error'), 'Choose at least one region or country.');
    expect(await regionList.getByRole('checkbox').count()).toBeGreaterThan(20);
    await shot(page, '01-officer-draft-refused');
    await regionList.getByLabel(/Attica/).check();
    await regionList.getByLabel(/Bulgaria/).check();
    await expectText(regionList.locator('.help'), 'GR-I, BG');
    expect(await regionList.locator('.error').count()).toBe(0);
    await shot(page, '01b-officer-draft-regions');
    await page.getByLabel('Circle around the last-seen place').check();
    const drafts = await stack.pipeline.api.pool.query('SELECT count(*)::int AS n FROM alerts');
    expect(drafts.rows[0].n).toBe(0);

    // An exercise is unmistakable: the banner and the colours change at once.
    await page.getByLabel('This is an exercise').check();
    await page.getByTestId('exercise-banner').waitFor();
    expect(await page.locator('.app.exercise').count()).toBe(1);
    await shot(page, '02-officer-draft-exercise');
    await page.getByLabel('This is an exercise').uncheck();
    expect(await page.getByTestId('exercise-banner').count()).toBe(0);

    await page.getByLabel('Full name', { exact: true }).fill(NAME);
    await page.getByLabel('Age (years)').fill('7');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByLabel('Hair').fill('long, brown');
    await page.getByLabel('Photo').setInputFiles({
      name: 'maria.jpg',
      mimeType: 'image/jpeg',
      buffer: await aPhoneJpeg(640, 480),
    });
    const preview = page.getByTestId('photo-preview').locator('img').first();
    await preview.waitFor();
    expect(await imageShows(preview)).toBe(true);
    expect(await shareOfColour(preview, PHOTO_RGB)).toBeGreaterThan(0.8);

    await page.getByLabel('Date and time').fill(anHourAgoInAthens());
    await page.getByLabel('Address').fill('Omonoia Square, Athens');
    // The map opens on Athens: a click in its middle sets the place there.
    await page.getByTestId('map').click();
    await page.getByTestId('map-marker').waitFor();
    await expectText(page.locator('.coords'), 'Latitude 37.');
    await page.locator('[name=suspectDescription]').fill('man, about 40, grey beard');
    await page.getByLabel('Make').fill('Toyota');
    await page.getByLabel('Colour').fill('silver');
    await page.getByLabel('Plate').fill('ΙΚΥ-1234');
    await page.locator('[name=elHeadline]').fill(HEADLINE_EL);
    await page.locator('[name=elDescription]').fill('Η Μαρία είναι 7 ετών, με καστανά μαλλιά.');
    await page.locator('[name=elCircumstances]').fill('Εθεάθη να μπαίνει σε ασημί αυτοκίνητο.');
    await page.locator('[name=enHeadline]').fill(HEADLINE_EN);
    await page.locator('[name=enDescription]').fill('Maria is 7, with brown hair.');
    await page.locator('[name=enCircumstances]').fill('She was seen getting into a silver car.');
    await page.getByLabel('Unit').fill('Attica Police, Missing Persons Unit');
    await page.getByLabel('Phone').fill('+30 210 000 0000');
    await page.getByLabel('Radius (km)').fill('25');
    for (const criterion of [
      'The child is under 18',
      'Police believe an abduction has occurred',
      'The child is in imminent danger of serious harm',
      'There is enough descriptive information to help',
    ]) {
      await page.getByLabel(criterion).check();
    }
    await page.getByLabel('Family consent').selectOption('given');
    expect(await page.locator('.error').count()).toBe(0);
    await shot(page, '03-officer-draft-filled');

    await page.getByRole('button', { name: 'Save and submit for validation' }).click();
    await page.waitForURL(/#\/alerts\/[0-9a-f-]{36}$/);
    alertId = /#\/alerts\/([0-9a-f-]{36})$/.exec(page.url())![1];
    await expectText(page.getByTestId('alert-state'), 'PENDING_VALIDATION');
    expect(await imageShows(page.getByTestId('alert-photo').first())).toBe(true);
    await shot(page, '04-officer-submitted');

    const { rows } = await stack.pipeline.api.pool.query(
      'SELECT count(*)::int AS n FROM photo_variants v JOIN photos p ON p.id = v.photo_id WHERE p.alert_id = $1',
      [alertId],
    );
    expect(rows[0].n).toBeGreaterThan(0);
  }, 60_000);

  it('lets a supervisor confirm each criterion, give the prosecutor’s order and validate', async () => {
    const page = await signIn('supervisor', '#/validate');
    await page
      .getByTestId('queue-validate')
      .getByRole('link', { name: new RegExp(NAME) })
      .click();
    await page.getByRole('heading', { name: 'Validate the alert' }).waitFor();
    const photo = page.getByTestId('alert-photo').first();
    await photo.waitFor();
    // The person checks the photo: it shows, and it is the child's (the uploaded colours).
    expect(await imageShows(photo)).toBe(true);
    expect(await shareOfColour(photo, PHOTO_RGB)).toBeGreaterThan(0.8);

    await page.getByRole('button', { name: 'Validate', exact: true }).click();
    await expectText(page.locator('.criteria .error'), 'Every criterion must hold');
    await expectText(errorNextTo(page, 'Reference'), 'This field is required.');
    await shot(page, '05-supervisor-refused');

    for (const criterion of [
      'The child is under 18',
      'Police believe an abduction has occurred',
      'The child is in imminent danger of serious harm',
      'There is enough descriptive information to help',
    ]) {
      await page.getByLabel(criterion).check();
    }
    await page.getByLabel('Family consent').selectOption('given');
    await page.getByLabel('Reference').fill('ΕΓ-2026/1234');
    await page.getByLabel('Issuing office').fill("Athens Public Prosecutor's Office");
    await page.getByLabel('Issued at').fill(anHourAgoInAthens());
    await page.getByRole('button', { name: 'Validate', exact: true }).click();
    await expectText(page.getByTestId('done'), 'Validated');
    await shot(page, '06-supervisor-validated');
  }, 30_000);

  it('lets an NGO operator see every rendering, activate with a typed confirmation and watch it reach 100%', async () => {
    // A slow relay, so the bar has time to move on screen.
    stack.pipeline.inbox.dataDelayMs = 120;
    const page = await signIn('operator', '#/activate');
    await page
      .getByTestId('queue-activate')
      .getByRole('link', { name: new RegExp(NAME) })
      .click();
    await page.getByRole('heading', { name: 'Preview and activate' }).waitFor();
    await page.getByLabel('webpush').uncheck();
    await page.getByRole('button', { name: 'Show the preview' }).click();
    const renderings = page.getByTestId('renderings');
    await renderings.waitFor();
    await expectText(renderings.locator('article[lang=el] .render-push'), HEADLINE_EL);
    await expectText(renderings.locator('article[lang=en] .render-push'), HEADLINE_EN);
    await expectText(renderings.locator('article[lang=en]'), '116 000');
    await expectText(
      renderings.locator('article[lang=el]').frameLocator('iframe').locator('body'),
      '116 000',
    );
    await shot(page, '07-operator-preview');

    await page.getByLabel(/To activate, type ACTIVATE/).fill('activate please');
    await page.getByRole('button', { name: 'Activate now' }).click();
    await expectText(
      errorNextTo(page, 'To activate, type ACTIVATE below'),
      'Type the word exactly as shown.',
    );
    expect((await stack.pipeline.api.pool.query('SELECT state FROM alerts')).rows[0].state).toBe('VALIDATED');
    await page.getByLabel(/To activate, type ACTIVATE/).fill('ACTIVATE');
    await page.getByRole('button', { name: 'Activate now' }).click();
    await page.waitForURL(new RegExp(`#/alerts/${alertId}$`));
    await expectText(page.getByTestId('alert-state'), 'ACTIVE');

    // The e-mail bar, as it changes: it must move, and end full.
    const bar = page.locator('[data-channel=email] [role=progressbar]');
    await bar.waitFor();
    const seen: number[] = [];
    let shotWhileMoving = false;
    const deadline = Date.now() + 45_000;
    for (;;) {
      const percent = Number(await bar.getAttribute('data-percent'));
      if (seen.at(-1) !== percent) seen.push(percent);
      if (!shotWhileMoving && percent < 100) {
        await shot(page, '08-operator-dashboard-moving');
        shotWhileMoving = true;
      }
      if (percent === 100) break;
      if (Date.now() > deadline) throw new Error(`the bar stopped at ${percent}% (seen ${seen.join(', ')})`);
      await page.waitForTimeout(100);
    }
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0]).toBeLessThan(100);
    expect(await bar.getAttribute('aria-valuenow')).toBe(String(AUDIENCE));
    await expectText(
      page.locator('[data-channel=email]'),
      `${AUDIENCE} delivered · 0 failed · 0 pending / ${AUDIENCE} planned`,
    );
    await expectText(page.locator('[data-channel=email]'), 'Time to first delivery');
    // A full bar is green from end to end (once its width has finished its 0.3 s transition).
    await page.waitForTimeout(400);
    expect(await shareOfColour(bar, DELIVERED_RGB)).toBeGreaterThan(0.8);
    await shot(page, '09-operator-dashboard-100');
    expect(stack.pipeline.inbox.alertMails(alertId)).toHaveLength(AUDIENCE);
    stack.pipeline.inbox.dataDelayMs = 0;
  }, 60_000);

  it('shows the public page in the visitor’s language, with the photo, the map and the calls', async () => {
    const context = await chromium.context({ locale: 'el-GR' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/alerts/${alertId}`);
    await expectText(page.locator('h1'), HEADLINE_EL);
    const photo = page.locator('img.photo');
    expect(await imageShows(photo)).toBe(true);
    expect(await shareOfColour(photo, PHOTO_RGB)).toBeGreaterThan(0.8);
    expect(await page.locator('svg.map path').count()).toBeGreaterThan(0);
    expect(await page.locator('a[href="tel:116000"]').count()).toBe(1);
    expect(await page.locator('a[href="tel:+302100000000"]').count()).toBe(1);
    await expectText(page.locator('body'), 'ΙΚΥ-1234');
    await expectText(page.locator('body'), 'grey beard');
    await shot(page, '10-public-alert-el');
    await page.goto(`${stack.baseUrl}/alerts/${alertId}?lang=en`);
    await expectText(page.locator('h1'), HEADLINE_EN);
    await shot(page, '11-public-alert-en');

    // The widget a news site embeds with one script tag lists it for Attica, not for Cyprus.
    // (A blank page of another site: the alert page's own policy allows no script.)
    const news = await context.newPage();
    await news.setContent(
      `<h1>News</h1><script src="${stack.baseUrl}/widget.js" data-region="GR-I" data-lang="en"></script>`,
    );
    const widget = news.frameLocator('iframe');
    await expectText(widget.locator('a', { hasText: HEADLINE_EN }), HEADLINE_EN);
    expect(await imageShows(widget.locator('img').first())).toBe(true);
    await shot(news, '12-widget-embedded');
    await page.goto(`${stack.baseUrl}/widget?region=GR-I&lang=en`);
    await assertAccessible(page, 'widget');
    await page.goto(`${stack.baseUrl}/widget?region=CY&lang=en`);
    await expectText(page.locator('body'), 'No active child alert in this area.');
  }, 30_000);

  it('lets an officer propose an update of the ACTIVE alert, refusing an empty one', async () => {
    const page = await signIn('officer', `#/alerts/${alertId}`);
    const form = page.getByTestId('propose-update');
    await form.waitFor();
    await form.getByRole('button', { name: 'Propose the update' }).click();
    await expectText(form.locator('.error'), 'Change at least one field.');
    const versionsBefore = await stack.pipeline.api.pool.query(
      'SELECT count(*)::int AS n FROM alert_versions WHERE alert_id = $1',
      [alertId],
    );
    await form.getByLabel('Clothing (new description)').fill('green coat, red scarf');
    await form.getByLabel('Circumstances, English (new text)').fill('Last seen near the Larissis station.');
    expect(await form.locator('.error').count()).toBe(0);
    await shot(page, '11b-officer-propose-update');
    await form.getByRole('button', { name: 'Propose the update' }).click();
    await expectText(page.getByRole('status'), 'Update proposed');
    await expectText(page.locator('#dash-title + p'), 'ACTIVE / PENDING_VALIDATION');
    const { rows } = await stack.pipeline.api.pool.query(
      `SELECT content FROM alert_versions WHERE alert_id = $1 ORDER BY version DESC LIMIT 1`,
      [alertId],
    );
    expect(rows[0].content.child.clothing).toBe('green coat, red scarf');
    expect(rows[0].content.texts.en.circumstances).toBe('Last seen near the Larissis station.');
    expect(rows[0].content.texts.el.circumstances).toBe('Εθεάθη να μπαίνει σε ασημί αυτοκίνητο.');
    const versionsAfter = await stack.pipeline.api.pool.query(
      'SELECT count(*)::int AS n FROM alert_versions WHERE alert_id = $1',
      [alertId],
    );
    expect(versionsAfter.rows[0].n).toBe(versionsBefore.rows[0].n + 1);
    expect(await page.getByTestId('propose-update').count()).toBe(0);
  }, 30_000);

  it('resolves from the console with a confirmation, and the public page then says found, with nothing personal', async () => {
    const page = await signIn('operator', `#/alerts/${alertId}`);
    await page.getByRole('button', { name: 'Found safe' }).click();
    const dialog = page.getByRole('dialog');
    await expectText(dialog.locator('.push-card[lang=el]'), translate('el', 'alert.label.foundSafe'));
    await shot(page, '13-operator-resolve-confirm');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expectText(page.getByTestId('alert-state'), 'RESOLVED');
    await shot(page, '14-operator-resolved');

    const visitor = await chromium.context({ locale: 'el-GR' });
    contexts.push(visitor);
    const publicPage = await visitor.newPage();
    await publicPage.goto(`${stack.baseUrl}/alerts/${alertId}`);
    await expectText(publicPage.locator('h1.found'), translate('el', 'alert.label.foundSafe'));
    const text = await publicPage.locator('body').innerText();
    for (const personal of ['Maria', 'Μαρία', 'Omonoia', 'ΙΚΥ-1234', 'grey beard'])
      expect(text).not.toContain(personal);
    expect(await publicPage.locator('img').count()).toBe(0);
    await shot(publicPage, '15-public-alert-found');
  }, 60_000);

  it('lets the public subscribe by e-mail for a region, refusing a bad address next to the field', async () => {
    const context = await chromium.context();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/subscribe?lang=en`);
    await page.getByLabel('Region').selectOption('GR-I');
    await page.getByLabel('E-mail address').fill('not-an-address');
    await page.getByRole('button', { name: 'Subscribe by e-mail' }).click();
    await expectText(page.locator('#email-error'), 'Enter an e-mail address such as name@example.org.');
    expect(await page.getByLabel('E-mail address').getAttribute('aria-invalid')).toBe('true');
    await shot(page, '16-subscribe-refused');

    const address = 'reader@example.org';
    await page.getByLabel('E-mail address').fill(address);
    await page.getByRole('button', { name: 'Subscribe by e-mail' }).click();
    await expectText(page.locator('#email-status'), 'Check your inbox');
    await stack.pipeline.inbox.waitFor(
      () => stack.pipeline.inbox.mails.some((mail) => mail.to === address),
      'the confirmation e-mail',
      20_000,
    );
    const { rows } = await stack.pipeline.api.pool.query(
      'SELECT region_codes, languages FROM email_subscriptions WHERE address = $1',
      [address],
    );
    expect(rows).toEqual([{ region_codes: ['GR-I'], languages: ['en'] }]);
    await shot(page, '17-subscribe-sent');
    await page.goto(`${stack.baseUrl}/unsubscribe?lang=el`);
    await page.getByRole('button', { name: 'Διακοπή ειδοποιήσεων σε αυτόν τον φυλλομετρητή' }).waitFor();
    await shot(page, '18-unsubscribe');
  }, 30_000);

  it('signs the auditor in by keyboard alone, in Greek, and shows the log and an intact chain', async () => {
    const context = await chromium.context({ locale: 'el-GR' });
    contexts.push(context);
    const auditor = await context.newPage();
    auditor.setDefaultTimeout(10_000);
    await auditor.goto(`${stack.baseUrl}/console/#/audit`);
    await auditor.getByRole('heading', { name: 'Σύνδεση' }).waitFor();
    // Tab order: the skip link, the language, then the form.
    for (let i = 0; i < 3; i++) await auditor.keyboard.press('Tab');
    expect(await auditor.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('username');
    await auditor.keyboard.type('auditor');
    await auditor.keyboard.press('Tab');
    await auditor.keyboard.type(DEMO_PASSWORD);
    await auditor.keyboard.press('Enter');
    await auditor.getByRole('heading', { name: 'Αρχείο ελέγχου' }).waitFor();
    await expectText(auditor.getByTestId('audit-verify'), 'Ακέραιη');
    await expectText(auditor.getByTestId('audit-log'), alertId);
    await shot(auditor, '19-auditor-log-el');
  }, 30_000);

  it('has an accessibility checker that finds a missing label, a missing alt and poor contrast', async () => {
    const context = await chromium.context();
    contexts.push(context);
    const page = await context.newPage();
    await page.setContent(
      `<main style="background:#fff"><input name="nameless"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">` +
        `<p style="color:#999">pale grey</p><p style="color:#595959">dark enough grey</p>` +
        `<label>Named <input name="named"></label><button aria-label="Close">×</button></main>`,
    );
    const problems = await accessibilityProblems(page);
    expect(problems.map((p) => `${p.rule} ${p.element}`).sort()).toEqual([
      'alt img',
      'contrast p',
      'name input[name=nameless]',
    ]);
    expect(problems.find((p) => p.rule === 'contrast')?.detail).toMatch(/^2\.85:1 < 4\.5:1/);
  }, 10_000);

  it('lets the admin create a user, refusing bad input beside each field, change the roles and disable it', async () => {
    const admin = await signIn('admin', '#/users');
    await expectText(admin.getByTestId('users'), 'supervisor');
    const add = admin.locator('form', { has: admin.getByRole('heading', { name: 'Add user' }) });
    await add.getByLabel('User name').fill('Bad Name!');
    await add.getByLabel('Initial password').fill('short');
    await add.getByRole('button', { name: 'Add user' }).click();
    await expectText(errorNextTo(admin, 'User name'), 'lower case letters');
    await expectText(errorNextTo(admin, 'Initial password'), 'at least 12 characters');
    await expectText(add.locator('fieldset .error'), 'Choose at least one role.');
    // Valid here, refused by the API: its sentence lands beside the roles.
    await add.getByLabel('User name').fill('k.nikolaou');
    await add.getByLabel('Name', { exact: true }).fill('Katerina Nikolaou');
    await add.getByLabel('Initial password').fill('a-long-enough-passphrase');
    await add.getByLabel('Police officer').check();
    await add.getByLabel('NGO administrator').check();
    await add.getByRole('button', { name: 'Add user' }).click();
    await expectText(add.locator('fieldset .error'), 'roles must all belong to one organisation');
    await shot(admin, '20-admin-user-refused');
    expect(
      (await stack.pipeline.api.pool.query(`SELECT 1 FROM users WHERE username = 'k.nikolaou'`)).rowCount,
    ).toBe(0);

    await add.getByLabel('NGO administrator').uncheck();
    await add.getByRole('button', { name: 'Add user' }).click();
    const row = admin.locator('tr[data-user="k.nikolaou"]');
    await expectText(row, 'Police officer');
    await admin.getByRole('button', { name: 'Change roles: k.nikolaou' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Police officer').uncheck();
    await dialog.getByLabel('Police supervisor').check();
    await shot(admin, '21-admin-user-roles');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expectText(row, 'Police supervisor');
    await admin.getByRole('button', { name: 'Disable: k.nikolaou' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expectText(row, 'Disabled');
    const { rows } = await stack.pipeline.api.pool.query(
      `SELECT roles, disabled FROM users WHERE username = 'k.nikolaou'`,
    );
    expect(rows).toEqual([{ roles: ['police_supervisor'], disabled: true }]);
    await shot(admin, '22-admin-users');
  }, 30_000);

  it('lets the admin register a broadcaster, show its secret and key once, rotate them, disable and enable it', async () => {
    const admin = await signIn('admin', '#/broadcasters');
    await admin.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
    await admin.getByRole('heading', { name: 'Register a broadcaster' }).waitFor();
    await admin.getByRole('button', { name: 'Register a broadcaster' }).click();
    await expectText(errorNextTo(admin, 'Name'), 'This field is required.');
    await expectText(errorNextTo(admin, 'Webhook URL'), 'https://');
    await expectText(admin.getByTestId('regions-broadcasterArea').locator('.error'), 'Choose at least one');
    // A loopback address passes the form's check; the API refuses it, and says why beside the field.
    await admin.getByLabel('Name', { exact: true }).fill('ERT News');
    await admin.getByLabel('Webhook URL').fill('http://127.0.0.1:9/hook');
    await admin
      .getByTestId('regions-broadcasterArea')
      .getByLabel(/Attica/)
      .check();
    await admin.getByRole('button', { name: 'Register a broadcaster' }).click();
    await expectText(errorNextTo(admin, 'Webhook URL'), 'webhookUrl');
    await shot(admin, '23-admin-broadcaster-refused');
    expect((await stack.pipeline.api.pool.query('SELECT 1 FROM broadcasters')).rowCount).toBe(0);

    await admin.getByLabel('Webhook URL').fill('https://newsroom.example.gr/hooks/amber');
    await admin.getByRole('button', { name: 'Register a broadcaster' }).click();
    const once = admin.getByTestId('secret-once');
    await expectText(once, 'You will not see this again');
    const secret = await once.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    const apiKey = await once.getByRole('textbox', { name: 'API key' }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    expect(apiKey.length).toBeGreaterThan(20);
    await once.getByRole('button', { name: 'Copy: API key' }).click();
    await expectText(once, 'Copied to the clipboard.');
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(apiKey);
    await shot(admin, '24-admin-broadcaster-secret-once');
    const stored = await stack.pipeline.api.pool.query(
      `SELECT name, area FROM broadcasters WHERE name = 'ERT News'`,
    );
    expect(stored.rowCount).toBe(1);
    expect(JSON.stringify(stored.rows[0].area)).toContain('GR-I');

    // Once dismissed, neither is anywhere on the page again.
    await once.getByRole('button', { name: 'I have saved it' }).click();
    await expectText(admin.getByTestId('broadcasters'), 'ERT News');
    const html = await admin.content();
    expect(html).not.toContain(secret);
    expect(html).not.toContain(apiKey);

    await admin.getByRole('button', { name: 'Rotate API key: ERT News' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    const rotated = await admin
      .getByTestId('secret-once')
      .getByRole('textbox', { name: 'API key' })
      .inputValue();
    expect(rotated).not.toBe(apiKey);
    expect(
      await admin.getByTestId('secret-once').getByRole('textbox', { name: 'Signing secret' }).count(),
    ).toBe(0);
    await admin.getByRole('button', { name: 'I have saved it' }).click();
    await admin.getByRole('button', { name: 'Rotate signing secret: ERT News' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    const newSecret = await admin
      .getByTestId('secret-once')
      .getByRole('textbox', { name: 'Signing secret' })
      .inputValue();
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    await admin.getByRole('button', { name: 'I have saved it' }).click();

    const row = admin.locator('tr[data-name="ERT News"]');
    await admin.getByRole('button', { name: 'Disable: ERT News' }).click();
    await admin.getByRole('dialog').getByLabel('Reason').fill('contract ended');
    await admin.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expectText(row, 'Disabled');
    expect((await stack.pipeline.api.pool.query('SELECT active FROM broadcasters')).rows[0].active).toBe(
      false,
    );
    await admin.getByRole('button', { name: 'Enable: ERT News' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expectText(row, 'Active');
    await shot(admin, '25-admin-broadcasters');
  }, 30_000);

  it('lets the admin register a partner, show its API key once, and disable it', async () => {
    const identity = makeSigningIdentity('partner.example.bg');
    try {
      const admin = await signIn('admin', '#/partners');
      await admin.getByRole('button', { name: 'Register a partner' }).click();
      await expectText(errorNextTo(admin, 'Country'), 'Choose at least one.');
      await expectText(errorNextTo(admin, 'Signing certificate (PEM)'), 'BEGIN CERTIFICATE');
      await admin.getByLabel('Country').selectOption('BG');
      await admin.getByLabel('Name', { exact: true }).fill('Bulgarian missing children alert system');
      await admin.getByLabel('Inbound URL').fill('http://127.0.0.1:9/inbound');
      await admin.getByLabel('Signing certificate (PEM)').fill(identity.certificatePem);
      await admin.getByRole('button', { name: 'Register a partner' }).click();
      await expectText(errorNextTo(admin, 'Inbound URL'), 'inboundUrl');
      await shot(admin, '26-admin-partner-refused');

      await admin.getByLabel('Inbound URL').fill('https://alerts.example.bg/v1/partners/inbound');
      await admin.getByRole('button', { name: 'Register a partner' }).click();
      const once = admin.getByTestId('secret-once');
      await expectText(once, 'You will not see this again');
      const apiKey = await once.getByRole('textbox', { name: 'API key' }).inputValue();
      expect(apiKey.length).toBeGreaterThan(20);
      await shot(admin, '27-admin-partner-key-once');
      await once.getByRole('button', { name: 'I have saved it' }).click();
      expect(await admin.content()).not.toContain(apiKey);
      const row = admin.locator('tr[data-name="Bulgarian missing children alert system"]');
      await expectText(row, 'Active');
      await admin.getByRole('button', { name: 'Disable: Bulgarian missing children alert system' }).click();
      await admin.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await expectText(row, 'Disabled');
      const { rows } = await stack.pipeline.api.pool.query(
        `SELECT country, disabled_at IS NOT NULL AS disabled FROM partners`,
      );
      expect(rows).toEqual([{ country: 'BG', disabled: true }]);
      await shot(admin, '28-admin-partners');
    } finally {
      identity.remove();
    }
  }, 30_000);

  it('shows the operator the dead letters and the partner acknowledgements, and no one else', async () => {
    const { pool } = stack.pipeline.api;
    // What a worker records when it gives up, and what a partner's CAP Ack leaves behind.
    await pool.query(
      `INSERT INTO delivery_ledger (channel, alert_id, recipient_id, version, language, status, attempts, last_error)
       VALUES ('email', $1, 'dead-recipient-1', 1, 'el', 'failed', 3, '550 5.1.1 mailbox unavailable')`,
      [alertId],
    );
    const partner = (await pool.query(`SELECT id FROM partners WHERE country = 'BG'`)).rows[0].id as string;
    const activated = (
      await pool.query(`SELECT version FROM alert_publications WHERE alert_id = $1 AND type = 'activated'`, [
        alertId,
      ])
    ).rows[0].version as number;
    await pool.query(
      `INSERT INTO partner_alert_matches (alert_id, partner_id, version, reasons, matched_at)
       VALUES ($1, $2, $3, '[{"kind": "border", "distanceKm": 412.3, "reachKm": 450, "hoursSinceLastSeen": 1.2}]', now())`,
      [alertId, partner, activated],
    );
    await pool.query(
      `INSERT INTO partner_inbound_messages (id, partner_id, sender, identifier, sent, msg_type, refs, acknowledges, cap_xml, received_at)
       SELECT gen_random_uuid(), $2, 'alerts@example.bg', 'ack-1', now(), 'Ack',
              ARRAY[sender || ',' || identifier || ',' || sent], sender || ',' || identifier, '<alert/>', now()
         FROM alert_publications WHERE alert_id = $1 AND type = 'activated'`,
      [alertId, partner],
    );

    const page = await signIn('operator', `#/alerts/${alertId}`);
    const dead = page.getByTestId('dead-letters');
    await expectText(dead, '550 5.1.1 mailbox unavailable');
    await expectText(dead, 'dead-recipient-1');
    const acks = page.getByTestId('partner-acks').locator('tr[data-partner=BG]');
    await expectText(acks, `v${activated} acknowledged`);
    await expectText(acks, 'border (412 / 450 km)');
    await shot(page, '29-operator-dead-letters-acks');

    // The endpoints themselves: the NGO only (deny-by-default), 404 for an unknown alert.
    const token = async (username: string) => {
      const response = await fetch(`${stack.baseUrl}/v1/auth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      return ((await response.json()) as { accessToken: string }).accessToken;
    };
    const get = async (path: string, username?: string) =>
      fetch(`${stack.baseUrl}${path}`, {
        headers: username ? { Authorization: `Bearer ${await token(username)}` } : {},
      });
    for (const path of [`/v1/alerts/${alertId}/dead-letters`, `/v1/alerts/${alertId}/partner-acks`]) {
      expect((await get(path)).status).toBe(401);
      for (const user of ['officer', 'supervisor', 'auditor'])
        expect((await get(path, user)).status).toBe(403);
      expect((await get(path, 'admin')).status).toBe(200);
    }
    const answer = (await (await get(`/v1/alerts/${alertId}/dead-letters`, 'operator')).json()) as {
      total: number;
      items: { recipientId: string; attempts: number }[];
    };
    expect(answer.total).toBe(1);
    expect(answer.items[0]).toMatchObject({ recipientId: 'dead-recipient-1', attempts: 3 });
    expect((await get(`/v1/alerts/${randomUUID()}/partner-acks`, 'operator')).status).toBe(404);
    expect((await get('/v1/alerts/not-a-uuid/dead-letters', 'operator')).status).toBe(400);
    // Both are in the OpenAPI document, with their roles' tag.
    const docs = (await (await fetch(`${stack.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, { get?: { tags?: string[] } }>;
    };
    for (const path of ['/v1/alerts/{id}/dead-letters', '/v1/alerts/{id}/partner-acks'])
      expect(docs.paths[path]?.get?.tags).toEqual(['deliveries']);
  }, 30_000);
});

/** Every screen: saved, then checked for labels, alt texts and contrast (support/accessibility.ts). */
async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await assertAccessible(page, name);
}

/** Waits (up to 10 s) until the element's text contains `expected`. */
async function expectText(locator: Locator, expected: string): Promise<void> {
  const first = locator.first();
  try {
    await first.waitFor({ state: 'visible', timeout: 10_000 });
  } catch (error) {
    await screenshot(locator.page(), `failed-${Date.now()}`);
    throw error;
  }
  const deadline = Date.now() + 10_000;
  let text: string;
  for (;;) {
    text = await first.innerText();
    if (text.includes(expected)) return;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await screenshot(locator.page(), `failed-${Date.now()}`);
  throw new Error(`expected text containing ${JSON.stringify(expected)}, got ${JSON.stringify(text)}`);
}
