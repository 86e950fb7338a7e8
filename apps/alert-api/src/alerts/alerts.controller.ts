import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  AlertActivateDto,
  AlertCancelDto,
  AlertConfirmDto,
  AlertCreateDto,
  AlertPatchDto,
  AlertReasonDto,
  AlertValidateDto,
} from '@childalert/alerts';
import { type AuthenticatedUser, CurrentUser, Public, Roles } from '@childalert/auth';
import type { Request } from 'express';
import { OptionalUserResolver } from '../common/optional-user.resolver';
import { rolesFor } from './alert-actor';
import { AlertCommandService } from './alert-commands.service';
import { AlertPreviewService } from './alert-preview.service';
import { AlertViewService } from './alert-view.service';
import { AlertListQueryDto } from './dto/alert-list-query.dto';
import { AlertPreviewDto, LanguagePreviewDto } from './dto/alert-preview.dto';
import { PreviewQueryDto } from './dto/preview-query.dto';
import {
  AlertDetailDto,
  AlertSummaryListDto,
  ClosureMessageDto,
  PublicAlertDto,
  PublicAlertListDto,
} from './dto/alert-view.dto';

const uuid = () => new ParseUUIDPipe();

/** The refusals every command route documents. */
function ApiRefusals(): MethodDecorator {
  return applyDecorators(
    ApiForbiddenResponse({ description: 'Wrong role, or wrong person (e.g. an author validating)' }),
    ApiConflictResponse({
      description: 'Illegal in the current state (currentState in the body), or a stale or expired preview',
    }),
    ApiBadRequestResponse({ description: 'Bad input: every problem, each a sentence' }),
  );
}

/**
 * The lifecycle over HTTP: each route checks its role (the domain's
 * COMMAND_ROLES), makes one service call, and answers the restricted record.
 */
@ApiTags('alerts')
@ApiExtraModels(LanguagePreviewDto, ClosureMessageDto, PublicAlertDto, AlertDetailDto)
@Controller('v1/alerts')
export class AlertsController {
  constructor(
    private readonly commands: AlertCommandService,
    private readonly previews: AlertPreviewService,
    private readonly views: AlertViewService,
    private readonly users: OptionalUserResolver,
  ) {}

  @Post()
  @Roles(...rolesFor('create'))
  @ApiOperation({
    summary: 'Draft an alert (police officer); photos follow with POST /v1/alerts/{id}/photos',
  })
  @ApiCreatedResponse({ type: AlertDetailDto })
  @ApiRefusals()
  async create(
    @Body() body: AlertCreateDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertDetailDto> {
    const alert = await this.commands.create(body, user);
    return this.views.staffDetail(alert.id);
  }

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Alerts: the public sees live ones; police and NGO staff (with a token) the restricted list',
  })
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(PublicAlertListDto) }, { $ref: getSchemaPath(AlertSummaryListDto) }],
    },
  })
  @ApiExtraModels(PublicAlertListDto, AlertSummaryListDto)
  async list(
    @Query() query: AlertListQueryDto,
    @Req() request: Request,
  ): Promise<PublicAlertListDto | AlertSummaryListDto> {
    return this.views.list(query, await this.users.userOf(request));
  }

  @Get(':id')
  @Public()
  @ApiOperation({
    summary:
      'One alert: the public view (live content, or only the outcome once ended), or the record for staff',
  })
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(PublicAlertDto) }, { $ref: getSchemaPath(AlertDetailDto) }] },
  })
  async detail(
    @Param('id', uuid()) id: string,
    @Req() request: Request,
  ): Promise<PublicAlertDto | AlertDetailDto> {
    return this.views.detail(id, await this.users.userOf(request));
  }

  @Patch(':id')
  @Roles(...rolesFor('edit'))
  @ApiOperation({ summary: "Edit a DRAFT (JSON Merge Patch): a new version (the author's organisation)" })
  @ApiOkResponse({ type: AlertDetailDto })
  @ApiRefusals()
  async edit(
    @Param('id', uuid()) id: string,
    @Body() body: AlertPatchDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertDetailDto> {
    await this.commands.edit(id, body, user);
    return this.views.staffDetail(id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles(...rolesFor('submit'))
  @ApiOperation({ summary: 'DRAFT → PENDING_VALIDATION (needs at least one photo)' })
  @ApiOkResponse({ type: AlertDetailDto })
  @ApiRefusals()
  async submit(
    @Param('id', uuid()) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertDetailDto> {
    await this.commands.submit(id, user);
    return this.views.staffDetail(id);
  }

  @Post(':id/validate')
  @HttpCode(200)
  @Roles(...rolesFor('validate'))
  @ApiOperation({
    summary:
      "Validate (police supervisor, not an author): each criterion and the prosecutor's order. Also validates an update of an ACTIVE alert",
  })
  @ApiOkResponse({ type: AlertDetailDto })
  @ApiRefusals()
  async validate(
    @Param('id', uuid()) id: string,
    @Body() body: AlertValidateDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertDetailDto> {
    await this.commands.validate(id, body, user);
    return this.views.staffDetail(id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles(...rolesFor('reject'))
  @ApiOperation({ summary: 'Reject with a reason (police supervisor): the alert, or a pending update' })
  @ApiOkResponse({ type: AlertDetailDto })
  @ApiRefusals()
  async reject(
    @Param('id', uuid()) id: string,
    @Body() body: AlertReasonDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertDetailDto> {
    await this.commands.reject(id, body, user);
    return this.views.staffDetail(id);
  }

  @Get(':id/preview')
  @Roles(...rolesFor('activate', 'publish_update', 'resolve', 'cancel'))
  @ApiOperation({
    summary:
      'Every rendering of the exact version a publishing command would send, and its confirmation token ' +
      '(activate, publish_update: NGO operator; resolve, cancel: police or NGO)',
  })
  @ApiOkResponse({ type: AlertPreviewDto })
  @ApiRefusals()
  preview(
    @Param('id', uuid()) id: string,
    @Query() query: PreviewQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertPreviewDto> {
    return this.previews.preview(id, query, user);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @Roles(...rolesFor('activate'))
  @ApiOperation({
    summary: 'VALIDATED → ACTIVE (NGO operator) with the preview token, the channels and the area',
  })
  @ApiOkResponse({ type: AlertDetailDto })
  @ApiRefusals()
  async activate(
    @Param('id', uuid()) id: string,
    @Body() body: AlertActivateDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertDetailDto> {
    await this.commands.activate(id, body, user);
    return this.views.staffDetail(id);
  }

  @Post(':id/versions')
  @HttpCode(201)
  @Roles(...rolesFor('propose_update'))
  @ApiOperation({
    summary:
      'Propose an update of an ACTIVE alert (JSON Merge Patch of the live content): a new version, to be validated again',
  })
  @ApiCreatedResponse({ type: AlertDetailDto })
  @ApiRefusals()
  async proposeUpdate(
    @Param('id', uuid()) id: string,
    @Body() body: AlertPatchDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertDetailDto> {
    await this.commands.proposeUpdate(id, body, user);
    return this.views.staffDetail(id);
  }

  @Post(':id/publish-update')
  @HttpCode(200)
  @Roles(...rolesFor('publish_update'))
  @ApiOperation({
    summary: 'Publish the validated update as a CAP Update (NGO operator, with the preview token)',
  })
  @ApiOkResponse({ type: AlertDetailDto })
  @ApiRefusals()
  async publishUpdate(
    @Param('id', uuid()) id: string,
    @Body() body: AlertConfirmDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertDetailDto> {
    await this.commands.publishUpdate(id, body, user);
    return this.views.staffDetail(id);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles(...rolesFor('resolve'))
  @ApiOperation({ summary: 'ACTIVE → RESOLVED, the child is found (police or NGO, with the preview token)' })
  @ApiOkResponse({ type: AlertDetailDto })
  @ApiRefusals()
  async resolve(
    @Param('id', uuid()) id: string,
    @Body() body: AlertConfirmDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertDetailDto> {
    await this.commands.resolve(id, body, user);
    return this.views.staffDetail(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...rolesFor('cancel'))
  @ApiOperation({
    summary:
      'Cancel with a reason (police or NGO); an ACTIVE alert also needs the preview token (CAP Cancel)',
  })
  @ApiOkResponse({ type: AlertDetailDto })
  @ApiRefusals()
  async cancel(
    @Param('id', uuid()) id: string,
    @Body() body: AlertCancelDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertDetailDto> {
    await this.commands.cancel(id, body, user);
    return this.views.staffDetail(id);
  }
}
