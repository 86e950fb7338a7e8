import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { endpointProblem } from '@childalert/audience';
import { auditActorOfUser, type AuthenticatedUser, ApiKeyService } from '@childalert/auth';
import { AuditService } from '@childalert/audit';
import { certificateFingerprint } from '@childalert/cap';
import { APP_CONFIG, countryOf, type PartnerRule } from '@childalert/config';
import type { AlertApiConfig } from '../alert-api.config';
import { ApiError } from '../common/api.error';
import type { PartnerCreateDto } from './dto/partner-create.dto';
import { PartnerRepository } from './partner.repository';
import type { Partner } from './partner.types';

/** The NGO admin's register of partner systems. */
@Injectable()
export class PartnerRegistryService {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly apiKeys: ApiKeyService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AlertApiConfig,
  ) {}

  /** Registers a partner; its API key is answered this once. */
  async create(
    dto: PartnerCreateDto,
    user: AuthenticatedUser,
  ): Promise<{ partner: Partner; apiKey: string }> {
    const country = countryOf(dto.country);
    if (!country)
      throw ApiError.badRequest(
        'invalid_input',
        `country: ${dto.country} is not a country of config/countries`,
      );
    const problem = endpointProblem(
      dto.inboundUrl,
      { allowPrivateEndpoints: this.config.ALLOW_PRIVATE_ENDPOINTS },
      'inboundUrl',
    );
    if (problem) throw ApiError.badRequest('invalid_input', problem);
    let fingerprint: string;
    try {
      fingerprint = certificateFingerprint(dto.certificatePem);
    } catch {
      throw ApiError.badRequest('invalid_input', 'certificatePem: not a PEM X.509 certificate');
    }
    const actor = auditActorOfUser(user);
    const id = randomUUID();
    return this.partners.transaction(async (tx) => {
      if (await this.partners.activeCountryTaken(country.code, tx))
        throw ApiError.conflict(
          'illegal_transition',
          `a partner for ${country.code} is registered: disable it first`,
          'ACTIVE',
        );
      const key = await this.apiKeys.create({ kind: 'partner', ownerId: id, label: dto.name, actor }, tx);
      const partner = await this.partners.insert(
        {
          id,
          country: country.code,
          name: dto.name,
          inboundUrl: dto.inboundUrl,
          languages: dto.languages ?? country.languages,
          rules: (dto.rules as PartnerRule[] | undefined) ?? country.defaultRules,
          reach: dto.reach ? { ...dto.reach } : null,
          certificatePem: dto.certificatePem,
          certificateSha256: fingerprint,
          autoReissue: dto.autoReissue ?? false,
          reissueChannels: dto.reissueChannels ?? ['email', 'webpush', 'mobile'],
          apiKeyId: key.id,
        },
        user.id,
        tx,
      );
      await this.audit.record(
        {
          actor,
          action: 'partner.registered',
          subject: { type: 'partner', id },
          details: {
            country: country.code,
            rules: partner.rules,
            certificateSha256: fingerprint,
            autoReissue: partner.autoReissue,
          },
        },
        tx,
      );
      return { partner, apiKey: key.key };
    });
  }

  list(): Promise<Partner[]> {
    return this.partners.list();
  }

  async get(id: string): Promise<Partner> {
    const partner = await this.partners.find(id);
    if (!partner) throw ApiError.notFound(`partner ${id}`);
    return partner;
  }

  async disable(id: string, user: AuthenticatedUser): Promise<Partner> {
    return this.partners.transaction(async (tx) => {
      const partner = await this.partners.disable(id, tx);
      if (!partner) throw ApiError.notFound(`enabled partner ${id}`);
      await this.apiKeys.revoke(partner.apiKeyId, auditActorOfUser(user), tx);
      await this.audit.record(
        {
          actor: auditActorOfUser(user),
          action: 'partner.disabled',
          subject: { type: 'partner', id },
          details: {},
        },
        tx,
      );
      return partner;
    });
  }
}
