import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ACCESS_RULE_METADATA, Public } from '@childalert/auth';

/** The platform's own modules whose routes (health, metrics) every app serves without credentials. */
const PLATFORM_MODULES = new Set(['HealthModule', 'MetricsModule']);

/**
 * libs/platform cannot depend on libs/auth, so its controllers carry no
 * access rule, and AuthModule's deny-by-default guard would refuse
 * /health/* and /metrics (and `npm start` would wait for readiness forever).
 * alert-api declares them public here, before any request is served.
 */
@Injectable()
export class PlatformRoutesAccess implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype;
      const host = wrapper.host?.metatype?.name;
      if (typeof controller !== 'function' || !host || !PLATFORM_MODULES.has(host)) continue;
      if (Reflect.getMetadata(ACCESS_RULE_METADATA, controller) === undefined) Public()(controller);
    }
  }
}
