import { type DynamicModule, Global, Module } from '@nestjs/common';

/** Injection token of the app's validated configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Makes the app's configuration, loaded once in main.ts, injectable anywhere:
 * `constructor(@Inject(APP_CONFIG) private readonly config: DispatcherConfig)`.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot<C extends object>(config: C): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: Object.freeze({ ...config }) }],
      exports: [APP_CONFIG],
    };
  }
}
