// Issue 8, in a real browser (Debian's headless Chromium): an officer drafts
// with a photo, a supervisor validates, an NGO operator previews and
// activates, the dashboard reaches 100% delivered against the loopback SMTP
// relay; the public page shows the alert, and after "found safe" from the
// console it says so with nothing personal. Each screen is saved under
// TEST_OUTPUT_DIR/browser and checked for what a person would look for.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { t as translate } from '@childalert/i18n';
import { aPhoneJpeg, DEMO_PASSWORD } from '../alerts-api/alert-api-test.app';
import { launchChromium, type HeadlessChromium } from './support/chromium';
import { type ConsoleStack, startConsoleStack } from './support/console-stack';
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

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await chromium?.close();
    await stack?.close();
  });

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
    await page.getByLabel('Age (years)').fill('19');
    await page.getByRole('button', { name: 'Save and submit for validation' }).click();
    await expectText(errorNextTo(page, 'Full name'), 'This field is required.');
    await expectText(errorNextTo(page, 'Age (years)'), 'Enter a whole number from 0 to 17');
    await expectText(errorNextTo(page, 'Phone'), 'Enter a phone number as dialled');
    await expectText(errorNextTo(page, 'Photo'), 'Add a photo of the child.');
    expect(await page.getByLabel('Full name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectText(page.locator('.criteria .error'), 'Every criterion must hold');
    await screenshot(page, '01-officer-draft-refused');
    const drafts = await stack.pipeline.api.pool.query('SELECT count(*)::int AS n FROM alerts');
    expect(drafts.rows[0].n).toBe(0);

    // An exercise is unmistakable: the banner and the colours change at once.
    await page.getByLabel('This is an exercise').check();
    await page.getByTestId('exercise-banner').waitFor();
    expect(await page.locator('.app.exercise').count()).toBe(1);
    await screenshot(page, '02-officer-draft-exercise');
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
    await screenshot(page, '03-officer-draft-filled');

    await page.getByRole('button', { name: 'Save and submit for validation' }).click();
    await page.waitForURL(/#\/alerts\/[0-9a-f-]{36}$/);
    alertId = /#\/alerts\/([0-9a-f-]{36})$/.exec(page.url())![1];
    await expectText(page.getByTestId('alert-state'), 'PENDING_VALIDATION');
    expect(await imageShows(page.getByTestId('alert-photo').first())).toBe(true);
    await screenshot(page, '04-officer-submitted');

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
    await screenshot(page, '05-supervisor-refused');

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
    await screenshot(page, '06-supervisor-validated');
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
    await screenshot(page, '07-operator-preview');

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
        await screenshot(page, '08-operator-dashboard-moving');
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
    await screenshot(page, '09-operator-dashboard-100');
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
    await screenshot(page, '10-public-alert-el');
    await page.goto(`${stack.baseUrl}/alerts/${alertId}?lang=en`);
    await expectText(page.locator('h1'), HEADLINE_EN);
    await screenshot(page, '11-public-alert-en');

    // The widget a news site embeds with one script tag lists it for Attica, not for Cyprus.
    // (A blank page of another site: the alert page's own policy allows no script.)
    const news = await context.newPage();
    await news.setContent(
      `<h1>News</h1><script src="${stack.baseUrl}/widget.js" data-region="GR-I" data-lang="en"></script>`,
    );
    const widget = news.frameLocator('iframe');
    await expectText(widget.locator('a', { hasText: HEADLINE_EN }), HEADLINE_EN);
    expect(await imageShows(widget.locator('img').first())).toBe(true);
    await screenshot(news, '12-widget-embedded');
    await page.goto(`${stack.baseUrl}/widget?region=CY&lang=en`);
    await expectText(page.locator('body'), 'No active child alert in this area.');
  }, 30_000);

  it('resolves from the console with a confirmation, and the public page then says found, with nothing personal', async () => {
    const page = await signIn('operator', `#/alerts/${alertId}`);
    await page.getByRole('button', { name: 'Found safe' }).click();
    const dialog = page.getByRole('dialog');
    await expectText(dialog.locator('.push-card[lang=el]'), translate('el', 'alert.label.foundSafe'));
    await screenshot(page, '13-operator-resolve-confirm');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expectText(page.getByTestId('alert-state'), 'RESOLVED');
    await screenshot(page, '14-operator-resolved');

    const visitor = await chromium.context({ locale: 'el-GR' });
    contexts.push(visitor);
    const publicPage = await visitor.newPage();
    await publicPage.goto(`${stack.baseUrl}/alerts/${alertId}`);
    await expectText(publicPage.locator('h1.found'), translate('el', 'alert.label.foundSafe'));
    const text = await publicPage.locator('body').innerText();
    for (const personal of ['Maria', 'Μαρία', 'Omonoia', 'ΙΚΥ-1234', 'grey beard'])
      expect(text).not.toContain(personal);
    expect(await publicPage.locator('img').count()).toBe(0);
    await screenshot(publicPage, '15-public-alert-found');
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
    await screenshot(page, '16-subscribe-refused');

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
    await screenshot(page, '17-subscribe-sent');
    await page.goto(`${stack.baseUrl}/unsubscribe?lang=el`);
    await page.getByRole('button', { name: 'Διακοπή ειδοποιήσεων σε αυτόν τον φυλλομετρητή' }).waitFor();
    await screenshot(page, '18-unsubscribe');
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
    await screenshot(auditor, '19-auditor-log-el');
  }, 30_000);

  it('shows the admin the users and their roles', async () => {
    const admin = await signIn('admin', '#/users');
    await expectText(admin.locator('table'), 'supervisor');
    await screenshot(admin, '20-admin-users');
  }, 30_000);
});

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
