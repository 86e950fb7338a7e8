import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  buildCapXml,
  type CapMessageInput,
  type CapValuePair,
  parseCap,
  signCapXml,
  validateCap,
  withInfoLanguages,
} from '@childalert/cap';
import { regionLanguages } from '@childalert/config';
import { PG_POOL } from '@childalert/persistence';
import { PARTNER_SETTINGS, type PartnerSettings } from './partner.settings';

/** What partners' systems need to re-issue an alert as their own (the prose alone does not say it). */
interface StoredContent {
  child: { name: string; age: number; sex: string };
  lastSeen: { at: string; place: { lat: number; lon: number; address: string } };
  policeContact: { unit: string; phone: string };
}

/** Structured facts as CAP parameters (`childalert:*`), beside the prose of each info block. */
function factParameters(content: StoredContent): CapValuePair[] {
  return [
    ['childalert:childName', content.child.name],
    ['childalert:childAge', String(content.child.age)],
    ['childalert:childSex', content.child.sex],
    ['childalert:lastSeenAt', content.lastSeen.at],
    ['childalert:lastSeenLat', String(content.lastSeen.place.lat)],
    ['childalert:lastSeenLon', String(content.lastSeen.place.lon)],
    ['childalert:lastSeenAddress', content.lastSeen.place.address],
    ['childalert:policeUnit', content.policeContact.unit],
    ['childalert:policePhone', content.policeContact.phone],
  ].map(([valueName, value]) => ({ valueName, value }));
}

/** Signed messages kept per (version, languages): partners of one language set share the bytes. */
const CACHE_LIMIT = 500;

/**
 * A published version as a partner receives it: the CAP message alert-api
 * stored (its exact model), with an info block in each of the partner's
 * languages and the photos carried inline, checked against the CAP 1.2
 * schema, then signed as a whole. Signing is the last step; the signed bytes
 * are sent as they are.
 *
 * The schema check (xmllint, about 100 ms) runs once per version, on the
 * message with a block in every language of the region: a partner's message
 * is that one with some info blocks left out (withInfoLanguages makes each
 * language's block alone, from the same source), and CAP admits any number
 * of info blocks, so it is valid when that one is.
 */
@Injectable()
export class PartnerCapBuilder {
  private readonly cache = new Map<string, Promise<string>>();
  private readonly versions = new Map<string, Promise<CapMessageInput | undefined>>();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PARTNER_SETTINGS) private readonly settings: PartnerSettings,
  ) {}

  /** Undefined when the version's message is not held (never published, or erased). */
  signedFor(alertId: string, version: number, languages: readonly string[]): Promise<string | undefined> {
    const key = `${alertId}:${version}:${languages.join(',')}`;
    let entry = this.cache.get(key);
    if (entry === undefined) {
      entry = this.build(alertId, version, languages).then((xml) => xml ?? '');
      remember(this.cache, key, entry);
    }
    return entry.then((xml) => (xml === '' ? undefined : xml));
  }

  private async build(
    alertId: string,
    version: number,
    languages: readonly string[],
  ): Promise<string | undefined> {
    const key = `${alertId}:${version}`;
    let checked = this.versions.get(key);
    if (checked === undefined) {
      checked = this.checkedMessage(alertId, version);
      remember(this.versions, key, checked);
    }
    const message = await checked;
    if (message === undefined) return undefined;
    return signCapXml(buildCapXml(withInfoLanguages(message, languages)), this.settings.signingKey);
  }

  /** The version's message with its facts and inline photos, schema-checked with every region language. */
  private async checkedMessage(alertId: string, version: number): Promise<CapMessageInput | undefined> {
    const { rows } = await this.pool.query<{ cap_xml: string; kind: string; content: StoredContent }>(
      `SELECT p.cap_xml, v.kind, v.content FROM alert_publications p
         JOIN alert_versions v ON v.alert_id = p.alert_id AND v.version = p.version
        WHERE p.alert_id = $1 AND p.version = $2 AND v.redacted_at IS NULL`,
      [alertId, version],
    );
    if (rows[0] === undefined) return undefined;
    const stored = parseCap(rows[0].cap_xml);
    const facts = rows[0].kind === 'content' ? factParameters(rows[0].content) : [];
    const withFacts = {
      ...stored,
      infos: stored.infos.map((info) => ({ ...info, parameters: [...info.parameters, ...facts] })),
    };
    const message = await this.withInlinePhotos(alertId, withFacts);
    const check = await validateCap(buildCapXml(withInfoLanguages(message, [...regionLanguages(), 'en'])));
    if (!check.valid)
      throw new Error(`partner CAP of ${alertId} v${version} is not valid CAP 1.2: ${JSON.stringify(check)}`);
    return message;
  }

  /** Keeps the bytes a partner is sent (its feed serves them unchanged); a repeat keeps the first. */
  async recordSent(partnerId: string, alertId: string, version: number, xml: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO partner_sent_messages (partner_id, alert_id, version, cap_xml) VALUES ($1, $2, $3, $4)
       ON CONFLICT (partner_id, alert_id, version) DO NOTHING`,
      [partnerId, alertId, version, xml],
    );
  }

  /** Photos travel inside the message (derefUri) up to the configured size: partners may not reach our URLs. */
  private async withInlinePhotos(alertId: string, message: CapMessageInput): Promise<CapMessageInput> {
    const digests = [
      ...new Set(
        message.infos.flatMap((info) => info.resources.map((r) => r.digest).filter((d) => d !== undefined)),
      ),
    ];
    if (digests.length === 0 || this.settings.inlinePhotoMaxBytes === 0) return message;
    const { rows } = await this.pool.query<{ sha1: string; bytes: Buffer }>(
      `SELECT DISTINCT ON (pv.sha1) pv.sha1, pv.bytes
         FROM photo_variants pv JOIN photos p ON p.id = pv.photo_id
        WHERE p.alert_id = $1 AND pv.variant = 'original' AND pv.sha1 = ANY($2) AND pv.size <= $3`,
      [alertId, digests, this.settings.inlinePhotoMaxBytes],
    );
    const inline = new Map(rows.map((row) => [row.sha1, row.bytes.toString('base64')]));
    return {
      ...message,
      infos: message.infos.map((info) => ({
        ...info,
        resources: info.resources.map((resource) => {
          const bytes = resource.digest ? inline.get(resource.digest) : undefined;
          return bytes ? { ...resource, derefUri: bytes } : resource;
        }),
      })),
    };
  }
}

/** Caches a promise, bounded (oldest out first); a failure is forgotten so the next call tries again. */
function remember<T>(cache: Map<string, Promise<T>>, key: string, entry: Promise<T>): void {
  entry.catch(() => cache.delete(key));
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, entry);
}
