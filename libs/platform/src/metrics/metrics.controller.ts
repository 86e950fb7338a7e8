import { OperationsRoute } from '../http/operations-route';
import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { register } from 'prom-client';

@OperationsRoute()
@Controller('metrics')
export class MetricsController {
  /** Prometheus text format of everything on prom-client's default registry. */
  @Get()
  async metrics(@Res() response: Response): Promise<void> {
    response.setHeader('Content-Type', register.contentType);
    response.send(await register.metrics());
  }
}
