import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AuthSeeder } from '@childalert/auth';

export const STARTUP_NOTICES = Symbol('STARTUP_NOTICES');

/**
 * Says at start what a person must know: generated secrets, and the demo
 * password when it was generated here (set DEMO_PASSWORD to choose it;
 * `npm start` does and prints it itself).
 */
@Injectable()
export class StartupNotices implements OnApplicationBootstrap {
  private readonly logger = new Logger('AlertApi');

  constructor(
    @Inject(STARTUP_NOTICES) private readonly notices: string[],
    private readonly seeder: AuthSeeder,
  ) {}

  onApplicationBootstrap(): void {
    for (const notice of this.notices) this.logger.warn(notice);
    const demo = this.seeder.result?.demoUsers;
    if (demo?.generated) {
      this.logger.warn(
        `demo users ${demo.usernames.join(', ')} have the generated password ${demo.password} (set DEMO_PASSWORD to choose it)`,
      );
    }
  }
}
