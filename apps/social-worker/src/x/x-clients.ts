import { Agent } from 'node:https';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { TwitterApi } from 'twitter-api-v2';
import { SOCIAL_SETTINGS, type SocialSettings } from '../social.settings';
import { XAccountClient } from './x-account.client';
import { xRequestPlugin } from './x-base-url.plugin';

/** One X client per configured account, sharing a keep-alive agent; credentials from config only. */
@Injectable()
export class XClients implements OnModuleDestroy {
  private readonly agent: Agent;
  private readonly clients = new Map<string, XAccountClient>();

  constructor(@Inject(SOCIAL_SETTINGS) settings: SocialSettings) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 16, ...(settings.ca ? { ca: settings.ca } : {}) });
    const plugin = xRequestPlugin({ baseUrl: settings.xApiBaseUrl, timeoutMs: settings.timeoutMs });
    for (const [key, credentials] of settings.credentials) {
      const api = new TwitterApi(
        { ...credentials },
        { httpAgent: this.agent, plugins: [plugin], compression: false },
      );
      this.clients.set(key, new XAccountClient(api));
    }
  }

  /** The account's client; undefined for an account without credentials (config forbids it). */
  of(account: string): XAccountClient | undefined {
    return this.clients.get(account);
  }

  onModuleDestroy(): void {
    this.agent.destroy();
  }
}
