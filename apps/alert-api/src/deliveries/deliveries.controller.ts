import { Controller, Get, type MessageEvent, Param, ParseUUIDPipe, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';
import { Role, Roles } from '@childalert/auth';
import { DeliveriesService } from './deliveries.service';
import { AlertDeliveriesDto } from './dto/delivery-progress.dto';

const uuid = () => new ParseUUIDPipe({ version: undefined });

/** Who may follow a fan-out: the NGO, the police supervisor who requested it, auditors. */
@ApiTags('deliveries')
@Controller('v1/alerts/:id/deliveries')
@Roles(Role.NgoOperator, Role.NgoAdmin, Role.PoliceSupervisor, Role.Auditor)
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @ApiOperation({
    summary: 'Delivery progress per channel: planned, delivered, failed, pending, first and last delivery',
  })
  @ApiOkResponse({ type: AlertDeliveriesDto })
  get(@Param('id', uuid()) id: string): Promise<AlertDeliveriesDto> {
    return this.deliveries.deliveriesOf(id);
  }

  @Sse('stream')
  @ApiOperation({
    summary: 'The same progress as server-sent events (event "progress"), sent whenever it changes',
  })
  @ApiProduces('text/event-stream')
  async stream(@Param('id', uuid()) id: string): Promise<Observable<MessageEvent>> {
    const progress = await this.deliveries.stream(id);
    return progress.pipe(map((data) => ({ type: 'progress', data })));
  }
}
