import { childAbductionCap, referenceTo } from '../../../test/cap/child-abduction-cap.factory';
import { buildCapXml, capReference, formatDecimal } from './cap-xml.builder';
import { CapErrorCode, CapValidationError } from './cap.errors';
import type { CapMessageInput } from './cap.types';

function errorsOf(input: CapMessageInput): readonly string[] {
  try {
    buildCapXml(input);
  } catch (e) {
    if (e instanceof CapValidationError) return e.errors;
    throw e;
  }
  throw new Error('expected buildCapXml to refuse the message');
}

describe(buildCapXml.name, () => {
  const sut = buildCapXml;

  it('writes the CAP 1.2 namespace and the alert elements in XSD order', () => {
    const msg: CapMessageInput = {
      ...childAbductionCap({ msgType: 'Update', references: [referenceTo(childAbductionCap())] }),
      source: 'police',
      scope: 'Restricted',
      restriction: 'law enforcement',
      addresses: ['ops@example.gr', 'duty desk'],
      codes: ['IPAWSv1.0'],
      note: 'n',
      incidents: ['incident 1', 'i2'],
    };

    const xml = sut(msg);

    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
      ),
    ).toBe(true);
    const order = [...xml.matchAll(/^ {2}<(\w+)>/gm)].map((m) => m[1]);
    expect(order).toEqual([
      'identifier',
      'sender',
      'sent',
      'status',
      'msgType',
      'source',
      'scope',
      'restriction',
      'addresses',
      'code',
      'note',
      'references',
      'incidents',
      'info',
      'info',
    ]);
    expect(xml).toContain('<addresses>ops@example.gr "duty desk"</addresses>');
    expect(xml).toContain('<incidents>"incident 1" i2</incidents>');
  });

  it('writes info, resource and area children in XSD order', () => {
    const msg = childAbductionCap({ languages: ['en'] });
    msg.infos[0].audience = 'everyone';
    msg.infos[0].effective = new Date('2026-11-23T15:00:00Z');
    msg.infos[0].onset = new Date('2026-11-23T15:01:00Z');
    msg.infos[0].resources[0].derefUri = 'AAAA';
    msg.infos[0].areas[0].altitude = 100;
    msg.infos[0].areas[0].ceiling = 2000.5;

    const xml = sut(msg);

    const infoOrder = [...xml.matchAll(/^ {4}<(\w+)>/gm)].map((m) => m[1]);
    expect(infoOrder).toEqual([
      'language',
      'category',
      'event',
      'responseType',
      'urgency',
      'severity',
      'certainty',
      'audience',
      'eventCode',
      'effective',
      'onset',
      'expires',
      'senderName',
      'headline',
      'description',
      'instruction',
      'web',
      'contact',
      'parameter',
      'parameter',
      'resource',
      'area',
    ]);
    const innerOrder = [...xml.matchAll(/^ {6}<(\w+)>/gm)].map((m) => m[1]);
    expect(innerOrder).toEqual([
      'valueName', // eventCode
      'value',
      'valueName', // parameters
      'value',
      'valueName',
      'value',
      'resourceDesc',
      'mimeType',
      'size',
      'uri',
      'derefUri',
      'digest',
      'areaDesc',
      'polygon',
      'circle',
      'geocode',
      'altitude',
      'ceiling',
    ]);
  });

  it('writes dates with an offset, polygons as lat,lon pairs, circles as "lat,lon radius"', () => {
    const xml = sut(childAbductionCap({ languages: ['en'] }));

    expect(xml).toContain('<sent>2026-11-23T15:04:05+00:00</sent>');
    expect(xml).toContain('<expires>2026-11-26T15:04:05+00:00</expires>');
    expect(xml).toContain('<polygon>38.2,23.4 38.2,24.1 37.7,24.1 37.7,23.4 38.2,23.4</polygon>');
    expect(xml).toContain('<circle>37.9838,23.7275 50</circle>');
  });

  it('writes references as space-separated sender,identifier,sent triples', () => {
    const first = childAbductionCap();
    const second = childAbductionCap({ version: 2, msgType: 'Update', references: [referenceTo(first)] });
    const third = childAbductionCap({
      version: 3,
      msgType: 'Update',
      references: [referenceTo(first), referenceTo(second)],
    });

    expect(sut(third)).toContain(
      `<references>${capReference(first.sender, first.identifier, first.sent)} ` +
        `${capReference(second.sender, second.identifier, second.sent)}</references>`,
    );
  });

  it('escapes markup characters and keeps Greek and Cyrillic as UTF-8', () => {
    const xml = sut(
      childAbductionCap({ descriptionEn: `Tom & Jerry <b>"quoted" 'single'</b> ]]> Ωμέγα Жёлтый\r\n` }),
    );

    expect(xml).toContain(
      `<description>Tom &amp; Jerry &lt;b&gt;"quoted" 'single'&lt;/b&gt; ]]&gt; Ωμέγα Жёлтый&#13;\n</description>`,
    );
  });

  it('refuses what the XSD cannot check, naming each failing element', () => {
    const msg = childAbductionCap({ languages: ['en'] });
    msg.identifier = 'has space';
    msg.sender = 'a,b';
    const area = msg.infos[0].areas[0];
    area.polygons = [
      [
        [38, 23],
        [38, 24],
        [37, 24],
        [37, 23],
      ],
      [
        [91, 23],
        [38, 24],
        [91, 23],
      ],
    ];
    area.circles = [{ lat: 37, lon: 181, radiusKm: -1 }];
    area.ceiling = 10;
    msg.infos[0].resources[0].digest = 'not-a-sha1';
    msg.infos[0].resources[0].size = 1.5;
    msg.infos[0].category = [];
    msg.infos[0].headline = 'bell \u0007';

    expect(errorsOf(msg)).toEqual([
      "alert/identifier: \"has space\" must be non-empty, without spaces, commas, '<' or '&'",
      "alert/sender: \"a,b\" must be non-empty, without spaces, commas, '<' or '&'",
      'alert/info[1]/category: at least one is required',
      'alert/info[1]/headline: contains a control character XML cannot carry',
      'alert/info[1]/resource[1]/size: 1.5 is not a whole number of bytes',
      'alert/info[1]/resource[1]/digest: "not-a-sha1" is not a SHA-1 hex digest (40 hex digits)',
      'alert/info[1]/area[1]/polygon[1]: not closed (the first and last points must be equal)',
      'alert/info[1]/area[1]/polygon[2]: needs at least 4 points, has 3',
      'alert/info[1]/area[1]/polygon[2] point 1: latitude 91 out of range',
      'alert/info[1]/area[1]/polygon[2] point 3: latitude 91 out of range',
      'alert/info[1]/area[1]/circle[1]: radius -1 km is not a non-negative number',
      'alert/info[1]/area[1]/circle[1]: longitude 181 out of range',
      'alert/info[1]/area[1]/ceiling: needs an altitude (CAP 1.2 §3.2.4)',
    ]);
  });

  it.each(['Update', 'Cancel'] as const)('refuses %s without references', (msgType) => {
    const err = (() => {
      try {
        return sut(childAbductionCap({ msgType }));
      } catch (e) {
        return e;
      }
    })();

    expect(err).toBeInstanceOf(CapValidationError);
    expect((err as CapValidationError).code).toBe(CapErrorCode.InvalidMessage);
    expect((err as CapValidationError).errors).toEqual([
      `alert/references: a ${msgType} must reference the message(s) it concerns`,
    ]);
  });

  it('requires restriction for Restricted scope and addresses for Private scope', () => {
    expect(errorsOf({ ...childAbductionCap(), scope: 'Restricted' })).toEqual([
      'alert/restriction: required when scope is Restricted',
    ]);
    expect(errorsOf({ ...childAbductionCap(), scope: 'Private' })).toEqual([
      'alert/addresses: required when scope is Private',
    ]);
  });

  it('names an invalid date', () => {
    expect(errorsOf({ ...childAbductionCap(), sent: new Date('x') })).toEqual([
      'alert/sent: formatCapDate: invalid Date',
    ]);
  });
});

describe(capReference.name, () => {
  it('joins sender, identifier and the CAP date with commas', () => {
    expect(capReference('a@b.gr', 'id-1', new Date('2026-11-23T15:04:05Z'))).toBe(
      'a@b.gr,id-1,2026-11-23T15:04:05+00:00',
    );
  });
});

describe(formatDecimal.name, () => {
  it.each([
    [37.9838, '37.9838'],
    [-120.14, '-120.14'],
    [1e-7, '0.0000001'],
    [0, '0'],
  ])('writes %p as %s', (n, text) => {
    expect(formatDecimal(n)).toBe(text);
  });
});
