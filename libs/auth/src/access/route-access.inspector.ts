import {
  Injectable,
  Logger,
  RequestMethod,
  type INestApplicationContext,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { METHOD_METADATA, MODULE_PATH, PATH_METADATA, VERSION_METADATA } from '@nestjs/common/constants';
import {
  ApplicationConfig,
  DiscoveryService,
  MetadataScanner,
  ModulesContainer,
  Reflector,
} from '@nestjs/core';
import { RoutePathFactory } from '@nestjs/core/router/route-path-factory';
import { type AccessRule, ruleFor, ruleProblem } from './access-rule';

/** One HTTP route of the application and who may call it. */
export interface RouteAccess {
  /** `GET`, `POST`… (`ALL` for @All). */
  readonly method: string;
  /** The full path as Express sees it, global prefix and versions included, e.g. `/v1/users/:id`. */
  readonly path: string;
  readonly controller: string;
  readonly handler: string;
  /** undefined when the route declares none (the guard refuses it). */
  readonly rule: AccessRule | undefined;
  /** Why the guard refuses the route whatever the caller presents; undefined when the rule is sound. */
  readonly problem: string | undefined;
}

/**
 * Reads the application's own route table and the access rule of each route,
 * with the same path rules Nest uses to register them, so a security test can
 * build the authorisation matrix from what the app really serves.
 */
@Injectable()
export class RouteAccessInspector implements OnApplicationBootstrap {
  private readonly logger = new Logger(RouteAccessInspector.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly applicationConfig: ApplicationConfig,
    private readonly modules: ModulesContainer,
  ) {}

  onApplicationBootstrap(): void {
    for (const route of this.list()) {
      if (route.problem !== undefined) {
        this.logger.error(
          `${route.method} ${route.path} (${route.controller}.${route.handler}) has ${route.problem}: every request to it will be refused`,
        );
      }
    }
  }

  list(): RouteAccess[] {
    const factory = new RoutePathFactory(this.applicationConfig);
    const routes: RouteAccess[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined | null;
      if (!controller) continue;
      const controllerPaths = asArray(
        Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined,
      );
      const modulePath = this.modulePathOf(wrapper.host?.metatype);
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') continue;
        const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (methodPaths === undefined) continue;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        const rule = ruleFor(this.reflector, handler, controller);
        for (const ctrlPath of controllerPaths) {
          for (const methodPath of asArray(methodPaths)) {
            const paths = factory.create(
              {
                ctrlPath,
                methodPath,
                modulePath,
                globalPrefix: this.applicationConfig.getGlobalPrefix(),
                controllerVersion: Reflect.getMetadata(VERSION_METADATA, controller) as string | undefined,
                methodVersion: Reflect.getMetadata(VERSION_METADATA, handler) as string | undefined,
                versioningOptions: this.applicationConfig.getVersioning(),
              },
              requestMethod,
            );
            for (const path of paths) {
              routes.push({
                method: RequestMethod[requestMethod],
                path,
                controller: controller.name,
                handler: name,
                rule,
                problem: ruleProblem(rule),
              });
            }
          }
        }
      }
    }
    return routes.sort((a, b) => compare(a.path, b.path) || compare(a.method, b.method));
  }

  private modulePathOf(moduleClass: unknown): string | undefined {
    if (typeof moduleClass !== 'function') return undefined;
    return ((Reflect.getMetadata(MODULE_PATH + this.modules.applicationId, moduleClass) as
      string | undefined) ?? Reflect.getMetadata(MODULE_PATH, moduleClass)) as string | undefined;
  }
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function asArray(value: string | string[] | undefined): string[] {
  if (value === undefined) return ['/'];
  return Array.isArray(value) ? value : [value];
}

/** Every route of a started (or initialised) app with its access rule. Needs AuthModule in the app. */
export function listRouteAccess(app: INestApplicationContext): RouteAccess[] {
  return app.get(RouteAccessInspector, { strict: false }).list();
}
