import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AudienceError, endpointProblem, normaliseLanguages, toStoredArea } from '@childalert/audience';
import { type AuditActor, AuditService } from '@childalert/audit';
import { ApiKeyService, type AuthenticatedUser } from '@childalert/auth';
import type { DatabaseTransaction } from '@childalert/persistence';
import { ApiError } from '../common/api.error';
import { subscriberAreaOf } from '../subscriptions/dto/area.dto';
import { type BroadcasterFields, BroadcasterRepository } from './broadcaster.repository';
import { BROADCASTER_KEY_KIND, type Broadcaster } from './broadcaster.types';
import { BROADCASTERS_SETTINGS, type BroadcastersSettings } from './broadcasters.settings';
import type { BroadcasterCreateDto, BroadcasterUpdateDto } from './dto/broadcaster-input.dto';
import { newSigningSecret } from './signing-secret';

export interface BroadcasterCredentials {
  broadcaster: Broadcaster;
  signingSecret?: string;
  apiKey?: string;
}

/**
 * The NGO admin's register of media broadcasters. Each change is one
 * transaction with its audit row; secrets and keys are returned once, at
 * creation or rotation, and never again (the key is stored hashed).
 */
@Injectable()
export class BroadcasterService {
  constructor(
    private readonly repository: BroadcasterRepository,
    private readonly apiKeys: ApiKeyService,
    private readonly audit: AuditService,
    @Inject(BROADCASTERS_SETTINGS) private readonly settings: BroadcastersSettings,
  ) {}

  async create(input: BroadcasterCreateDto, user: AuthenticatedUser): Promise<BroadcasterCredentials> {
    const fields = this.checked(input);
    const actor = actorOf(user);
    const signingSecret = newSigningSecret();
    return this.repository.transaction(async (tx) => {
      const id = randomUUID();
      await this.repository.insert(id, fields, signingSecret, user.username, tx);
      const key = await this.apiKeys.create(
        { kind: BROADCASTER_KEY_KIND, ownerId: id, label: fields.name, actor },
        tx,
      );
      const broadcaster = await this.repository.setApiKey(id, key.id, tx);
      await this.record(tx, actor, 'broadcaster.created', broadcaster, { apiKeyPrefix: key.prefix });
      return { broadcaster, signingSecret, apiKey: key.key };
    });
  }

  list(): Promise<Broadcaster[]> {
    return this.repository.list();
  }

  async get(id: string): Promise<Broadcaster> {
    const found = await this.repository.find(id);
    if (!found) throw ApiError.notFound(`broadcaster ${id}`);
    return found;
  }

  async update(id: string, input: BroadcasterUpdateDto, user: AuthenticatedUser): Promise<Broadcaster> {
    return this.changing(id, async (current, tx) => {
      const fields = this.checked(
        {
          name: input.name ?? current.name,
          webhookUrl: input.webhookUrl ?? current.webhookUrl,
          languages: input.languages ?? current.languages,
          area: input.area,
          formats: input.formats ?? current.formats,
        },
        current,
      );
      const updated = await this.repository.update(id, fields, tx);
      await this.record(tx, actorOf(user), 'broadcaster.updated', updated, { fields: Object.keys(input) });
      return updated;
    });
  }

  async setActive(
    id: string,
    active: boolean,
    user: AuthenticatedUser,
    reason?: string,
  ): Promise<Broadcaster> {
    return this.changing(id, async (_current, tx) => {
      const why = reason ?? `disabled by ${user.username}`;
      const updated = await this.repository.setActive(id, active, active ? null : why, tx);
      await this.record(tx, actorOf(user), active ? 'broadcaster.enabled' : 'broadcaster.disabled', updated, {
        ...(active ? {} : { reason: why }),
      });
      return updated;
    });
  }

  /** A new signing secret; the old one keeps signing beside it for a day, so no message is refused meanwhile. */
  async rotateSecret(id: string, user: AuthenticatedUser): Promise<BroadcasterCredentials> {
    const signingSecret = newSigningSecret();
    return this.changing(id, async (_current, tx) => {
      const until = new Date(Date.now() + this.settings.secretOverlapMs);
      const broadcaster = await this.repository.rotateSecret(id, signingSecret, until, tx);
      await this.record(tx, actorOf(user), 'broadcaster.secret_rotated', broadcaster, {
        previousValidUntil: until.toISOString(),
      });
      return { broadcaster, signingSecret };
    });
  }

  /** A new API key; the old one stops working at once. */
  async rotateApiKey(id: string, user: AuthenticatedUser): Promise<BroadcasterCredentials> {
    const actor = actorOf(user);
    return this.changing(id, async (current, tx) => {
      if (current.apiKeyId !== null) await this.apiKeys.revoke(current.apiKeyId, actor, tx);
      const key = await this.apiKeys.create(
        { kind: BROADCASTER_KEY_KIND, ownerId: id, label: current.name, actor },
        tx,
      );
      const broadcaster = await this.repository.setApiKey(id, key.id, tx);
      await this.record(tx, actor, 'broadcaster.api_key_rotated', broadcaster, { apiKeyPrefix: key.prefix });
      return { broadcaster, apiKey: key.key };
    });
  }

  private changing<T>(
    id: string,
    work: (current: Broadcaster, tx: DatabaseTransaction) => Promise<T>,
  ): Promise<T> {
    if (!UUID.test(id)) throw ApiError.notFound(`broadcaster ${id}`);
    return this.repository.transaction(async (tx) => {
      const current = await this.repository.lock(id, tx);
      if (!current) throw ApiError.notFound(`broadcaster ${id}`);
      return work(current, tx);
    });
  }

  /** Every field checked, every problem named at once; nothing is written when one is wrong. */
  private checked(
    input: Omit<BroadcasterCreateDto, 'area'> & { area?: BroadcasterCreateDto['area'] },
    current?: Broadcaster,
  ): BroadcasterFields {
    const problems: string[] = [];
    const name = input.name.trim();
    if (name === '') problems.push('name must not be empty');
    const urlProblem = endpointProblem(
      input.webhookUrl,
      { allowPrivateEndpoints: this.settings.allowPrivateEndpoints },
      'webhookUrl',
    );
    if (urlProblem) problems.push(urlProblem);
    const languages = normaliseLanguages(input.languages);
    if ('problem' in languages) problems.push(languages.problem);
    let area = current?.area;
    if (input.area !== undefined) {
      try {
        area = toStoredArea(subscriberAreaOf(input.area));
      } catch (error) {
        if (!(error instanceof AudienceError)) throw error;
        problems.push(error.message);
      }
    }
    const formats = [...new Set(input.formats)];
    if (problems.length > 0 || area === undefined || 'problem' in languages) {
      throw ApiError.badRequest('invalid_broadcaster', problems.join('; '), problems);
    }
    return { name, webhookUrl: input.webhookUrl, languages, area, formats };
  }

  private async record(
    tx: DatabaseTransaction,
    actor: AuditActor,
    action: string,
    broadcaster: Broadcaster,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(
      {
        actor,
        action,
        subject: { type: 'broadcaster', id: broadcaster.id },
        details: { name: broadcaster.name, webhookUrl: broadcaster.webhookUrl, ...details },
      },
      tx,
    );
  }
}

function actorOf(user: AuthenticatedUser): AuditActor {
  return { type: 'user', id: user.id, name: user.username };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
