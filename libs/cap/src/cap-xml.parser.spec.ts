import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { capMessageCases, childAbductionCap } from '../../../test/cap/child-abduction-cap.factory';
import { buildCapXml } from './cap-xml.builder';
import { parseCap } from './cap-xml.parser';
import { CapErrorCode, CapParseError } from './cap.errors';

const FIXTURES = join(__dirname, '../../../test/cap/fixtures');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const CAP_OPEN = '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">';

function refusal(fn: () => unknown): CapParseError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CapParseError) return e;
    throw e;
  }
  throw new Error('expected a CapParseError');
}

/** Runs fn and returns its refusal and how long it took. */
function timedRefusal(fn: () => unknown): { error: CapParseError; ms: number } {
  const t0 = performance.now();
  const error = refusal(fn);
  return { error, ms: performance.now() - t0 };
}

describe(parseCap.name, () => {
  const sut = parseCap;

  describe('round trip', () => {
    it.each(capMessageCases())('reads back %s exactly as built', (_name, msg) => {
      expect(sut(buildCapXml(msg))).toEqual(msg);
    });

    it('reads bytes as well as strings', () => {
      const msg = childAbductionCap();

      expect(sut(Buffer.from(buildCapXml(msg), 'utf8'))).toEqual(msg);
    });

    it('keeps dates as instants whatever offset was written', () => {
      const xml = buildCapXml(childAbductionCap()).replace(
        '<sent>2026-11-23T15:04:05+00:00</sent>',
        '<sent>2026-11-23T17:04:05+02:00</sent>',
      );

      expect(sut(xml).sent).toEqual(new Date('2026-11-23T15:04:05Z'));
    });
  });

  describe('OASIS examples', () => {
    it('A1 homeland security advisory: resource, parameter, defaults', () => {
      const msg = sut(fixture('oasis-a1-homeland-security-advisory.xml'));

      expect(msg).toMatchObject({
        identifier: '43b080713727',
        sender: 'hsas@dhs.gov',
        sent: new Date('2003-04-02T19:39:01Z'),
        status: 'Actual',
        msgType: 'Alert',
        scope: 'Public',
        references: [],
      });
      const info = msg.infos[0];
      expect(info.language).toBe('en-US');
      expect(info.category).toEqual(['Security']);
      expect(info.responseType).toEqual([]);
      expect(info.instruction!.startsWith(' A High Condition')).toBe(true);
      expect(info.parameters).toEqual([{ valueName: 'HSAS', value: 'ORANGE' }]);
      expect(info.resources).toEqual([
        {
          resourceDesc: 'Image file (GIF)',
          mimeType: 'image/gif',
          uri: 'http://www.dhs.gov/dhspublic/getAdvisoryImage',
        },
      ]);
      expect(info.areas).toEqual([
        { areaDesc: 'U.S. nationwide and interests worldwide', polygons: [], circles: [], geocodes: [] },
      ]);
      expect(info.contact).toBeUndefined();
    });

    it('A2 severe thunderstorm: polygon, eventCode, expires, geocodes', () => {
      const info = sut(fixture('oasis-a2-severe-thunderstorm-polygon.xml')).infos[0];

      expect(info.responseType).toEqual(['Shelter']);
      expect(info.eventCode).toEqual([{ valueName: 'SAME', value: 'SVR' }]);
      expect(info.expires).toEqual(new Date('2003-06-17T23:00:00Z'));
      expect(info.areas[0].polygons).toEqual([
        [
          [38.47, -120.14],
          [38.34, -119.95],
          [38.52, -119.74],
          [38.62, -119.89],
          [38.47, -120.14],
        ],
      ]);
      expect(info.areas[0].geocodes.map((g) => g.value)).toEqual(['006109', '006009', '006003']);
    });

    it('A3 earthquake update: references and circle', () => {
      const msg = sut(fixture('oasis-a3-earthquake-update-circle.xml'));

      expect(msg.msgType).toBe('Update');
      expect(msg.references).toEqual([
        { sender: 'trinet@caltech.edu', identifier: 'TRI13970876.1', sent: new Date('2003-06-12T03:30:00Z') },
      ]);
      expect(msg.infos[0].parameters).toHaveLength(5);
      expect(msg.infos[0].areas[0].circles).toEqual([{ lat: 32.9525, lon: -115.5527, radiusKm: 0 }]);
    });

    it('A4 multilingual AMBER alert: source and one info per language', () => {
      const msg = sut(fixture('oasis-a4-amber-alert-multilingual.xml'));

      expect(msg.source).toBe('SW');
      expect(msg.infos.map((i) => [i.language, i.event, i.category])).toEqual([
        ['en-US', 'Child Abduction', ['Rescue']],
        ['es-US', 'Abducción de Niño', ['Rescue']],
      ]);
      expect(msg.infos[1].areas[0].areaDesc).toBe('condado de Los Ángeles');
      expect(msg.infos[0].description).toContain(`3'0", 40 LBS.`);
    });
  });

  describe('XML attacks, refused before parsing and fast', () => {
    it('refuses an external entity (XXE)', () => {
      const xml = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${CAP_OPEN}<identifier>&xxe;</identifier></alert>`;

      const { error, ms } = timedRefusal(() => sut(xml));

      expect(error.code).toBe(CapErrorCode.ForbiddenMarkup);
      expect(error.message).toBe(
        'XML with a <!DOCTYPE> declaration is refused (line 1, column 22): DTDs and entity declarations are not accepted, send the document without them',
      );
      expect(ms).toBeLessThan(50);
    });

    it('refuses entity expansion (billion laughs)', () => {
      const entities = Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
      ).join('');
      const xml = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${entities}]>${CAP_OPEN}<note>&lol9;</note></alert>`;

      const { error, ms } = timedRefusal(() => sut(xml));

      expect(error.code).toBe(CapErrorCode.ForbiddenMarkup);
      expect(ms).toBeLessThan(50);
    });

    it('refuses an entity declaration even without a DOCTYPE', () => {
      expect(refusal(() => sut(`${CAP_OPEN}<!ENTITY x "y"></alert>`)).code).toBe(
        CapErrorCode.ForbiddenMarkup,
      );
    });

    it('refuses a 2 MiB body, as text and as bytes', () => {
      const text = `${CAP_OPEN}<note>${'x'.repeat(2 * 1024 * 1024)}</note></alert>`;
      const bytes = Buffer.from(text);

      const asText = timedRefusal(() => sut(text));
      const asBytes = timedRefusal(() => sut(bytes));

      expect(asText.error.code).toBe(CapErrorCode.BodyTooLarge);
      expect(asText.error.message).toBe(
        `XML body of at least ${text.length} bytes exceeds the limit of 1048576 bytes`,
      );
      expect(asBytes.error.code).toBe(CapErrorCode.BodyTooLarge);
      expect(asBytes.error.message).toBe(
        `XML body of ${bytes.length} bytes exceeds the limit of 1048576 bytes`,
      );
      expect(asText.ms).toBeLessThan(50);
      expect(asBytes.ms).toBeLessThan(50);
    });

    it('counts bytes, not characters: 600k Greek letters are 1.2 MB', () => {
      const text = `${CAP_OPEN}<note>${'Ω'.repeat(600_000)}</note></alert>`;

      expect(refusal(() => sut(text)).code).toBe(CapErrorCode.BodyTooLarge);
    });

    it('honours a configured size limit', () => {
      const xml = buildCapXml(childAbductionCap());

      expect(refusal(() => sut(xml, { maxBytes: 1000 })).code).toBe(CapErrorCode.BodyTooLarge);
    });

    it('refuses 10k-deep nesting', () => {
      const xml = `${CAP_OPEN}${'<info>'.repeat(10_000)}${'</info>'.repeat(10_000)}</alert>`;

      const { error, ms } = timedRefusal(() => sut(xml));

      expect(error.code).toBe(CapErrorCode.TooDeep);
      expect(error.message).toBe(
        'XML nested deeper than 32 elements (line 1, column 239); CAP needs far fewer',
      );
      expect(ms).toBeLessThan(50);
    });
  });

  describe('content a person can fix', () => {
    const valid = (): string => buildCapXml(childAbductionCap({ languages: ['en'] }));

    it.each([
      [
        'a root that is not a CAP 1.2 alert',
        '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1"/>',
        'Not a valid CAP 1.2 message: the root element is <alert> in namespace urn:oasis:names:tc:emergency:cap:1.1; a CAP 1.2 message is <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
      ],
      [
        'a missing identifier',
        () => valid().replace(/ *<identifier>.*<\/identifier>\n/, ''),
        'Not a valid CAP 1.2 message: alert: missing <identifier>',
      ],
      [
        'a date with Z',
        () => valid().replace('15:04:05+00:00</sent>', '15:04:05Z</sent>'),
        'Not a valid CAP 1.2 message: alert/sent: "2026-11-23T15:04:05Z" is not a CAP date-time (like 2026-11-23T15:04:05+00:00: an explicit offset, no Z, no fractions of a second)',
      ],
      [
        'an unknown urgency',
        () => valid().replace('<urgency>Immediate</urgency>', '<urgency>Now</urgency>'),
        'Not a valid CAP 1.2 message: alert/info[1]/urgency: "Now" is not one of Immediate, Expected, Future, Past, Unknown',
      ],
      [
        'an element CAP does not have',
        () => valid().replace('<scope>', '<priority>1</priority><scope>'),
        'Not a valid CAP 1.2 message: alert: unexpected element <priority>',
      ],
      [
        'a repeated single element',
        () => valid().replace('<scope>Public</scope>', '<scope>Public</scope><scope>Public</scope>'),
        'Not a valid CAP 1.2 message: alert: <scope> appears 2 times, at most once allowed',
      ],
      [
        'a polygon point out of range',
        () => valid().replace('<polygon>38.2,23.4', '<polygon>98.2,23.4'),
        'Not a valid CAP 1.2 message: alert/info[1]/area[1]/polygon[1] point 1: "98.2,23.4" is not "lat,lon" in WGS 84 decimal degrees',
      ],
      [
        'a circle without a radius',
        () => valid().replace('<circle>37.9838,23.7275 50</circle>', '<circle>37.9838,23.7275</circle>'),
        'Not a valid CAP 1.2 message: alert/info[1]/area[1]/circle[1]: "37.9838,23.7275" is not "lat,lon radius" (radius in km, not negative)',
      ],
      [
        'a malformed reference',
        () => valid().replace('<incidents>', '<references>a@b,id-1</references><incidents>'),
        'Not a valid CAP 1.2 message: alert/references: entry 1 "a@b,id-1" is not "sender,identifier,sent" (sent like 2026-11-23T15:04:05+00:00)',
      ],
      [
        'a non-numeric size',
        () => valid().replace('<size>48</size>', '<size>big</size>'),
        'Not a valid CAP 1.2 message: alert/info[1]/resource[1]/size: "big" is not a whole number of bytes',
      ],
      [
        'mismatched tags',
        `${CAP_OPEN}\n  <identifier>x</sender>\n</alert>`,
        'Malformed XML at line 2, column 16: end tag </sender> where </identifier> was expected',
      ],
    ])('refuses %s', (_what, input, message) => {
      const xml = typeof input === 'string' ? input : input();

      expect(refusal(() => sut(xml)).message).toBe(message);
    });

    it('reads a prefixed root and notes an XML-DSig signature', () => {
      const xml = valid()
        .replace(
          '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
          '<cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2">',
        )
        .replace(/<(\/?)(\w+)>/g, '<$1cap:$2>')
        .replace(
          '</cap:alert>',
          '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature></cap:alert>',
        );

      const { hasSignature, ...msg } = sut(xml);

      expect(hasSignature).toBe(true);
      expect(msg).toEqual(childAbductionCap({ languages: ['en'] }));
    });
  });
});
