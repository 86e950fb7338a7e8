import { SetMetadata } from '@nestjs/common';

/**
 * Marks the routes every app serves for operators and orchestrators
 * (/health/*, /metrics): answered without credentials. libs/auth's guard
 * honours this mark; platform sits below auth and cannot use its decorators.
 */
export const OPERATIONS_ROUTE_METADATA = 'childalert:operations-route';

export const OperationsRoute = (): ClassDecorator & MethodDecorator =>
  SetMetadata(OPERATIONS_ROUTE_METADATA, true);
