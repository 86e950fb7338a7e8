import type { PartnerRule, ReachSettings } from '@childalert/config';

export interface Partner {
  id: string;
  country: string;
  name: string;
  inboundUrl: string;
  languages: string[];
  rules: PartnerRule[];
  reach: ReachSettings | null;
  certificatePem: string;
  certificateSha256: string;
  autoReissue: boolean;
  reissueChannels: string[];
  apiKeyId: string;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface InboundAlert {
  id: string;
  partnerId: string;
  country: string;
  partnerName: string;
  sender: string;
  identifier: string;
  sent: Date;
  status: 'active' | 'ended' | 'cancelled';
  headline: string | null;
  receivedAt: Date;
  updatedAt: Date;
  localAlertId: string | null;
  reissuedAt: Date | null;
}
