import {
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Public, Roles } from '@childalert/auth';
import type { Request, Response } from 'express';
import { ApiError } from '../common/api.error';
import { etagMatches } from '../common/http-cache';
import { rolesFor } from '../alerts/alert-actor';
import { photoUrlsOf } from '../alerts/alert-view.mapper';
import { AlertViewService } from '../alerts/alert-view.service';
import { PhotoUploadDto } from '../alerts/dto/alert-view.dto';
import { PHOTO_VARIANTS } from './photo.repository';
import { PhotoService } from './photo.service';

/** Raw bodies the upload takes (besides multipart/form-data); the content decides, not this. */
/** What multer's memory storage hands over (no @types/multer here). */
interface UploadedPhoto {
  buffer: Buffer;
}

export const PHOTO_UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'];

@ApiTags('photos')
@Controller('v1/alerts/:id/photos')
export class PhotosController {
  constructor(
    private readonly photos: PhotoService,
    private readonly views: AlertViewService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles(...rolesFor('edit', 'propose_update'))
  @UseInterceptors(FileInterceptor('photo'))
  @ApiConsumes('multipart/form-data', ...PHOTO_UPLOAD_TYPES)
  @ApiBody({
    description:
      'multipart/form-data with the file in field `photo`, or the raw bytes. JPEG, PNG or WebP, checked by content; ' +
      'every metadata block (EXIF, GPS…) is stripped. On a DRAFT the photo is added to the draft; on an ACTIVE alert ' +
      'it waits for an update that lists its id.',
    schema: { type: 'object', properties: { photo: { type: 'string', format: 'binary' } } },
  })
  @ApiCreatedResponse({ type: PhotoUploadDto })
  async upload(
    @Param('id', new ParseUUIDPipe()) id: string,
    @UploadedFile() file: UploadedPhoto | undefined,
    @Req() request: Request,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PhotoUploadDto> {
    const bytes = file?.buffer ?? (Buffer.isBuffer(request.body) ? request.body : undefined);
    if (!bytes || bytes.length === 0) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'send the photo as multipart/form-data (field photo) or as the raw body with Content-Type image/jpeg, image/png or image/webp',
      );
    }
    const outcome = await this.photos.upload(id, bytes, user);
    return { ...outcome, urls: photoUrlsOf(this.views.links, id, outcome.photoId) };
  }

  @Get(':photoId/:variant')
  @Public()
  @ApiParam({ name: 'variant', enum: PHOTO_VARIANTS })
  @ApiOkResponse({
    description:
      'Public while the alert is ACTIVE and its live version shows the photo; otherwise staff only',
    content: { 'image/jpeg': {} },
  })
  async file(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('photoId', new ParseUUIDPipe()) photoId: string,
    @Param('variant') variant: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const file = await this.photos.file(id, photoId, variant, request);
    const etag = `"${file.sha256}"`;
    response.setHeader('ETag', etag);
    // Public copies live a minute at most: an ended alert's photo must leave caches quickly.
    response.setHeader('Cache-Control', file.public ? 'public, max-age=60' : 'private, no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (etagMatches(request.headers['if-none-match'], etag)) {
      response.status(304).end();
      return;
    }
    response.setHeader('Content-Type', file.mimeType);
    response.status(200).send(file.bytes);
  }
}
