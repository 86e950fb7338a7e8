import { AlertPatchDto } from './alert-patch.dto';
import { AlertReasonDto, AlertValidateDto } from './alert-validate.dto';
import { toContentPatch, toValidationInput } from './alert-dto.mapper';
import { validateInput } from './input-validation.util';
import { applyContentPatch } from '../content/alert-content.patch';
import { contentProblems } from '../content/alert-content.check';
import { FIXTURE_NOW, anAlertContent } from '../testing/alert.fixtures';

async function patched(body: Record<string, unknown>) {
  const result = await validateInput(AlertPatchDto, body);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return applyContentPatch(anAlertContent(), toContentPatch(result.value));
}

describe(AlertPatchDto.name, () => {
  it('merges objects, replaces lists and removes with null (RFC 7396)', async () => {
    const sut = await patched({
      child: { hair: 'short, black', distinguishingMarks: null },
      suspects: [],
      vehicle: null,
      texts: { el: { headline: 'Νέος τίτλος' }, en: { headline: null } },
    });

    expect(sut.child).toEqual({
      ...anAlertContent().child,
      hair: 'short, black',
      distinguishingMarks: undefined,
    });
    expect('distinguishingMarks' in sut.child).toBe(false);
    expect(sut.suspects).toEqual([]);
    expect('vehicle' in sut).toBe(false);
    expect(sut.texts.el).toEqual({ ...anAlertContent().texts.el, headline: 'Νέος τίτλος' });
    expect('headline' in sut.texts.en).toBe(false);
    expect(contentProblems(sut, FIXTURE_NOW)).toEqual([]);
  });

  it('drops the texts of a language dropped from languages, and asks for those of one added', async () => {
    expect(Object.keys((await patched({ languages: ['el'] })).texts)).toEqual(['el']);
    expect(contentProblems(await patched({ languages: ['el', 'en', 'sq'] }), FIXTURE_NOW)).toEqual([
      'texts.sq is required: every language in languages needs its texts',
    ]);
  });

  it('catches a required field a patch removed', async () => {
    const sut = await patched({ child: { name: null }, texts: { el: { description: null } } });
    expect(contentProblems(sut, FIXTURE_NOW)).toEqual([
      'child.name is required',
      'texts.el.description is required',
    ]);
  });

  it('never changes the exercise flag', async () => {
    const result = await validateInput(AlertPatchDto, { exercise: true });
    expect(result).toEqual({ ok: false, errors: ['property exercise should not exist'] });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['removing the child', { child: null }, ['child must be an object (it cannot be removed)']],
    ['removing the area', { area: null }, ['area must be an object (it cannot be removed)']],
    [
      'a text entry that is not an object',
      { texts: { el: 'hello' } },
      ['texts.el must be an object of texts; to drop a language, drop it from languages'],
    ],
    [
      'an empty headline',
      { texts: { el: { headline: '  ' } } },
      ['texts.el.headline must not be empty; leave it out for the default headline'],
    ],
    [
      'a headline too long',
      { texts: { en: { headline: 'x'.repeat(141) } } },
      ['texts.en.headline must be at most 140 characters: push notifications and social posts cut it'],
    ],
    [
      'a self-intersecting polygon',
      {
        area: {
          kind: 'polygon',
          points: [
            [0, 0],
            [2, 2],
            [2, 0],
            [0, 2],
            [0, 0],
          ],
        },
      },
      ['area.points crosses itself: edge 1 (points 1→2) crosses edge 3 (points 3→4)'],
    ],
  ])('refuses %s', async (_name, body, errors) => {
    expect(await validateInput(AlertPatchDto, body)).toEqual({ ok: false, errors });
  });
});

describe(AlertValidateDto.name, () => {
  const body = {
    criteria: {
      childUnder18: true,
      abductionBelieved: true,
      imminentDanger: true,
      sufficientDescription: true,
      familyConsent: 'not_required',
    },
    prosecutorOrder: {
      reference: 'ΕΓ-2026/1234',
      issuingOffice: "Athens Public Prosecutor's Office",
      issuedAt: '2026-03-01T11:45:00+02:00',
    },
  };

  it('maps a full confirmation to the domain', async () => {
    const result = await validateInput(AlertValidateDto, body);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(toValidationInput(result.value)).toEqual({
      criteria: body.criteria,
      prosecutorOrder: { ...body.prosecutorOrder, issuedAt: new Date('2026-03-01T09:45:00Z') },
    });
  });

  it('says which criterion is not confirmed and what to do', async () => {
    const result = await validateInput(AlertValidateDto, {
      ...body,
      criteria: { ...body.criteria, imminentDanger: false, familyConsent: 'refused' },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        'criteria.imminentDanger must be true: confirm that the child is in imminent danger of serious harm, or reject the alert with a reason',
        'criteria.familyConsent must be one of given, not_required: without consent where the law requires it, reject the alert',
      ],
    });
  });

  it("refuses a validation without the prosecutor's order", async () => {
    expect(await validateInput(AlertValidateDto, { criteria: body.criteria })).toEqual({
      ok: false,
      errors: ["prosecutorOrder is required: an alert goes out only on a prosecutor's order"],
    });
  });
});

describe(AlertReasonDto.name, () => {
  it('asks for a real reason', async () => {
    expect(await validateInput(AlertReasonDto, { reason: ' x ' })).toEqual({
      ok: false,
      errors: ['reason must say why, in a few words at least'],
    });
  });
});
