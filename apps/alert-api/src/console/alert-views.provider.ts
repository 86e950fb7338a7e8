import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AlertViewService } from '../alerts/alert-view.service';
import type { PublicAlertDto } from '../alerts/dto/alert-view.dto';

/**
 * The public views of alerts, from AlertsModule's AlertViewService. That
 * module is configured by the app (forRoot), so it is looked up in the app
 * rather than imported a second time with settings this module does not have.
 */
@Injectable()
export class PublicAlertViews {
  private service?: AlertViewService;

  constructor(private readonly moduleRef: ModuleRef) {}

  private views(): AlertViewService {
    this.service ??= this.moduleRef.get(AlertViewService, { strict: false });
    return this.service;
  }

  one(id: string): Promise<PublicAlertDto> {
    return this.views().publicDetail(id);
  }

  /** Live alerts the public sees (real ones, or exercises when asked). */
  async active(exercise: boolean): Promise<PublicAlertDto[]> {
    const views = await this.views().publicViews({ exercise });
    return views.filter((view) => view.status === 'ACTIVE' && view.alert !== undefined);
  }
}
