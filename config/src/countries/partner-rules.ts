import type { PartnerRule, ReachSettings } from './country-settings';
import { countryOf } from './country-settings';
import { distanceToCountryKm } from './country-borders';

/** Why a partner gets an alert; every reason that holds is listed, for the preview and the record. */
export type PartnerReason =
  | { kind: 'all' }
  | { kind: 'border'; distanceKm: number; reachKm: number; hoursSinceLastSeen: number }
  | { kind: 'destination' }
  | { kind: 'explicit' }
  /** Matched an earlier message of the same alert: it gets every later one. */
  | { kind: 'earlier' };

export interface PartnerForRules {
  id: string;
  country: string;
  rules: readonly PartnerRule[];
  /** The partner's own reach, or the country's default. */
  reach?: ReachSettings;
}

export interface AlertFacts {
  /** Absent for an ending (no place in it). */
  lastSeen?: { lat: number; lon: number; at: Date };
  destinationCountries: readonly string[];
  /** Partners the NGO operator chose at activation. */
  explicit: ReadonlySet<string>;
  /** Partners an earlier message of the alert went to. */
  earlier: ReadonlySet<string>;
  now: Date;
}

/** The reach after a time: min at the start, then speed × hours, never beyond max. */
export function reachKm(reach: ReachSettings, hours: number): number {
  return Math.min(reach.maxKm, Math.max(reach.minKm, reach.speedKmh * Math.max(0, hours)));
}

/** Every reason this partner gets the alert; empty when none holds. */
export function partnerReasons(partner: PartnerForRules, facts: AlertFacts): PartnerReason[] {
  const reasons: PartnerReason[] = [];
  if (facts.earlier.has(partner.id)) reasons.push({ kind: 'earlier' });
  if (facts.explicit.has(partner.id)) reasons.push({ kind: 'explicit' });
  if (partner.rules.includes('all')) reasons.push({ kind: 'all' });
  if (partner.rules.includes('destination') && facts.destinationCountries.includes(partner.country))
    reasons.push({ kind: 'destination' });
  const reach = partner.reach ?? countryOf(partner.country)?.reach;
  if (partner.rules.includes('border') && facts.lastSeen && reach) {
    const hours = (facts.now.getTime() - facts.lastSeen.at.getTime()) / 3_600_000;
    const reachNow = reachKm(reach, hours);
    const distance = distanceToCountryKm(partner.country, facts.lastSeen.lat, facts.lastSeen.lon);
    if (distance <= reachNow) {
      reasons.push({
        kind: 'border',
        distanceKm: round1(distance),
        reachKm: round1(reachNow),
        hoursSinceLastSeen: round1(hours),
      });
    }
  }
  return reasons;
}

/** A reason as a sentence for people (preview, audit). */
export function describeReason(reason: PartnerReason, country: string): string {
  switch (reason.kind) {
    case 'all':
      return `${country} receives every alert`;
    case 'border':
      return `last seen ${reason.distanceKm} km from ${country}, within the ${reason.reachKm} km reach after ${reason.hoursSinceLastSeen} h`;
    case 'destination':
      return `the police name ${country} as a possible destination`;
    case 'explicit':
      return 'chosen by the NGO operator at activation';
    case 'earlier':
      return 'received earlier messages of this alert';
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
