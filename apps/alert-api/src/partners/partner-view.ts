import type { InboundAlert, Partner } from './partner.types';

/** A partner as listed: never its API key. */
export function partnerView(partner: Partner) {
  return {
    id: partner.id,
    country: partner.country,
    name: partner.name,
    inboundUrl: partner.inboundUrl,
    languages: partner.languages,
    rules: partner.rules,
    reach: partner.reach,
    certificateSha256: partner.certificateSha256,
    autoReissue: partner.autoReissue,
    reissueChannels: partner.reissueChannels,
    apiKeyId: partner.apiKeyId,
    createdAt: new Date(partner.createdAt).toISOString(),
    disabledAt: partner.disabledAt ? new Date(partner.disabledAt).toISOString() : null,
  };
}

export function inboundAlertView(alert: InboundAlert) {
  return {
    id: alert.id,
    partner: { id: alert.partnerId, country: alert.country, name: alert.partnerName },
    original: {
      sender: alert.sender,
      identifier: alert.identifier,
      sent: new Date(alert.sent).toISOString(),
    },
    status: alert.status,
    headline: alert.headline,
    receivedAt: new Date(alert.receivedAt).toISOString(),
    updatedAt: new Date(alert.updatedAt).toISOString(),
    localAlertId: alert.localAlertId,
    reissuedAt: alert.reissuedAt ? new Date(alert.reissuedAt).toISOString() : null,
  };
}
