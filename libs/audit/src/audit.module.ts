import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/**
 * The audit log writer and reader. Global: import once in the app module,
 * after PersistenceModule.forRoot (it needs DATABASE and PG_POOL), then
 * inject AuditService anywhere. The HTTP API (GET /v1/audit, /v1/audit/verify)
 * comes with AuthModule, which owns the role checks.
 */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
