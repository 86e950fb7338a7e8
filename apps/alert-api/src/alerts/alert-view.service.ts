import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@childalert/auth';
import { ApiError } from '../common/api.error';
import { isStaff } from '../common/optional-user.resolver';
import { PhotoRepository } from '../photos/photo.repository';
import { AlertRepository, type LoadedAlert } from './alert.repository';
import { toAlertDetail, toAlertSummary, toPublicAlert } from './alert-view.mapper';
import { AlertLinks, ALERTS_SETTINGS, type AlertsSettings } from './alerts.settings';
import type { AlertListQueryDto } from './dto/alert-list-query.dto';
import type {
  AlertDetailDto,
  AlertSummaryListDto,
  PublicAlertDto,
  PublicAlertListDto,
} from './dto/alert-view.dto';

/** Reads for people: the restricted record for staff, the public view for everyone else. */
@Injectable()
export class AlertViewService {
  readonly links: AlertLinks;

  constructor(
    private readonly alerts: AlertRepository,
    private readonly photos: PhotoRepository,
    @Inject(ALERTS_SETTINGS) settings: AlertsSettings,
  ) {
    this.links = new AlertLinks(settings.publicBaseUrl);
  }

  /** Staff get the restricted record; anyone else the public view, or 404 if nothing was ever public. */
  async detail(id: string, user: AuthenticatedUser | undefined): Promise<AlertDetailDto | PublicAlertDto> {
    return isStaff(user) ? this.staffDetail(id) : this.publicDetail(id);
  }

  async staffDetail(id: string): Promise<AlertDetailDto> {
    const loaded = await this.alerts.find(id);
    if (!loaded) throw ApiError.notFound(`alert ${id}`);
    const [eventIds, photos] = await Promise.all([
      this.alerts.publicationEventIds(id),
      this.photos.listOfAlert(id),
    ]);
    return toAlertDetail(
      loaded.alert,
      loaded.publications,
      eventIds,
      photos.map((photo) => ({
        id: photo.id,
        uploadedAt: photo.uploadedAt,
        sha256: photo.variants.find((v) => v.variant === 'original')?.sha256 ?? '',
      })),
      this.links,
    );
  }

  async publicDetail(id: string): Promise<PublicAlertDto> {
    const view = await this.publicView(id);
    // Never public (a draft, a rejected or withdrawn alert): as if it did not exist.
    if (!view) throw ApiError.notFound(`alert ${id}`);
    return view;
  }

  async list(
    query: AlertListQueryDto,
    user: AuthenticatedUser | undefined,
  ): Promise<AlertSummaryListDto | PublicAlertListDto> {
    if (isStaff(user)) {
      const rows = await this.alerts.summaries({
        ...(query.state ? { states: [query.state] } : {}),
        ...(query.exercise !== undefined ? { exercise: query.exercise } : {}),
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      });
      return { items: rows.map(toAlertSummary) };
    }
    if (query.state !== undefined && query.state !== 'ACTIVE') {
      throw ApiError.badRequest(
        'invalid_input',
        'the public list holds ACTIVE alerts only: log in to filter by state',
      );
    }
    const views = await this.publicViews({ exercise: query.exercise ?? false });
    const offset = query.offset ?? 0;
    return { items: views.slice(offset, offset + (query.limit ?? 50)) };
  }

  /** Public views of live alerts and, with `endedSince`, of those ended since then (the feed's). */
  async publicViews(options: { exercise: boolean; endedSince?: Date }): Promise<PublicAlertDto[]> {
    const loaded = await this.publicAlerts(options);
    return loaded.map(({ view }) => view);
  }

  /** The aggregates behind the public views (the feed renders texts from them). */
  async publicAlerts(options: {
    exercise: boolean;
    endedSince?: Date;
  }): Promise<(LoadedAlert & { view: PublicAlertDto })[]> {
    const ids = await this.alerts.publicIds(options);
    const loaded = await Promise.all(ids.map((id) => this.alerts.find(id)));
    return loaded.flatMap((one) => {
      const view = one ? toPublicAlert(one.alert, one.publications, this.links) : undefined;
      return one && view ? [{ ...one, view }] : [];
    });
  }

  private async publicView(id: string): Promise<PublicAlertDto | undefined> {
    const loaded = await this.alerts.find(id);
    return loaded ? toPublicAlert(loaded.alert, loaded.publications, this.links) : undefined;
  }
}
