import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { capMessageCases, childAbductionCap } from '../../../test/cap/child-abduction-cap.factory';
import { buildCapXml } from './cap-xml.builder';
import {
  buildValidCapXml,
  findCapSchemaPath,
  loadCapSchema,
  validateCap,
  validateCapBatch,
} from './cap-schema.validator';
import { CapErrorCode, CapValidationError } from './cap.errors';
import type { CapMessageInput } from './cap.types';

const FIXTURES = join(__dirname, '../../../test/cap/fixtures');

describe(validateCap.name, () => {
  const sut = validateCap;

  it('refuses a date with Z and a missing event, naming both elements', async () => {
    const xml = buildCapXml(childAbductionCap({ languages: ['en'] }))
      .replace('<sent>2026-11-23T15:04:05+00:00</sent>', '<sent>2026-11-23T15:04:05Z</sent>')
      .replace(/ *<event>.*<\/event>\n/, '');

    const result = await sut(xml);

    expect(result.valid).toBe(false);
    const errors = result.valid ? [] : result.errors;
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(
      /^line 5: Element 'sent': \[facet 'pattern'\] The value '2026-11-23T15:04:05Z'/,
    );
    expect(errors[1]).toMatch(
      /^line 13: Element 'responseType': This element is not expected\. Expected is .*event/,
    );
  });

  it('refuses unsafe input before libxml2 sees it', async () => {
    const result = await sut('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>');

    expect(result).toEqual({
      valid: false,
      errors: [expect.stringContaining('<!DOCTYPE> declaration is refused')],
    });
  });

  it('reports malformed XML', async () => {
    const result = await sut('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</alert>');

    expect(result.valid).toBe(false);
    expect(result.valid ? [] : result.errors).toEqual([
      'Malformed XML at line 1, column 66: end tag </alert> where </identifier> was expected',
    ]);
  });
});

describe(validateCapBatch.name, () => {
  const sut = validateCapBatch;

  it('accepts every message buildCapXml writes', async () => {
    const cases = capMessageCases();

    const results = await sut(cases.map(([, msg]) => buildCapXml(msg)));

    expect(results.map((r, i) => [cases[i][0], r])).toEqual(cases.map(([name]) => [name, { valid: true }]));
  });

  it('accepts the four OASIS example alerts', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.xml'));

    const results = await sut(files.map((f) => readFileSync(join(FIXTURES, f))));

    expect(files).toHaveLength(4);
    expect(results).toEqual(files.map(() => ({ valid: true })));
  });

  it('validates many documents in one run, results in input order', async () => {
    const good = buildCapXml(childAbductionCap());
    const badDate = good.replace('15:04:05+00:00</sent>', '15:04:05Z</sent>');

    const results = await sut([good, badDate, '<!DOCTYPE x><x/>', '<a><b></a>', Buffer.from(good)]);

    expect(results).toEqual([
      { valid: true },
      { valid: false, errors: [expect.stringMatching(/^line 5: Element 'sent': \[facet 'pattern'\]/)] },
      { valid: false, errors: [expect.stringContaining('<!DOCTYPE> declaration is refused')] },
      { valid: false, errors: ['Malformed XML at line 1, column 7: end tag </a> where </b> was expected'] },
      { valid: true },
    ]);
  });

  it('answers an empty list without starting xmllint', async () => {
    await expect(sut([])).resolves.toEqual([]);
  });
});

describe(buildValidCapXml.name, () => {
  const sut = buildValidCapXml;

  it('returns the XML of a valid message', async () => {
    const msg = childAbductionCap();

    await expect(sut(msg)).resolves.toBe(buildCapXml(msg));
  });

  it('refuses a message missing info/event with CapValidationError naming the element', async () => {
    const msg = childAbductionCap({ languages: ['en'] });
    delete (msg.infos[0] as Partial<(typeof msg.infos)[0]>).event;

    const err: unknown = await sut(msg).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(err).toBeInstanceOf(CapValidationError);
    expect((err as CapValidationError).code).toBe(CapErrorCode.InvalidMessage);
    expect((err as CapValidationError).message).toMatch(
      /^CAP message 0b6f1c9e-4d7a-4f55-9a3e-2f7d1c3b8a10\.v1 is not valid CAP 1\.2: line 13: Element 'responseType': This element is not expected\. Expected is .*event/,
    );
  });

  it('refuses a value outside an enumeration', async () => {
    const msg = { ...childAbductionCap(), status: 'Real' as CapMessageInput['status'] };

    await expect(sut(msg)).rejects.toThrow(/Element 'status': \[facet 'enumeration'\] The value 'Real'/);
  });
});

describe(findCapSchemaPath.name, () => {
  it('finds the schema from the ts source folder', () => {
    expect(findCapSchemaPath(__dirname)).toBe(join(__dirname, '../schema/CAP-v1.2.xsd'));
  });

  it('finds the schema from where tsc puts the compiled lib (dist/libs/cap/src)', () => {
    const root = join(__dirname, '../../..');

    expect(findCapSchemaPath(join(root, 'dist/libs/cap/src'))).toBe(
      join(root, 'libs/cap/schema/CAP-v1.2.xsd'),
    );
  });

  it('loads the schema with its OASIS notice', () => {
    expect(loadCapSchema()).toContain('<!-- Copyright OASIS Open 2010 All Rights Reserved -->');
  });
});
