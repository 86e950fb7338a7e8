import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@childalert/auth';
import type { Request, Response } from 'express';
import { rolesFor } from '../alerts/alert-actor';
import { ApiError } from '../common/api.error';
import { STAFF_ROLES } from '../common/optional-user.resolver';
import { DocumentService } from './document.service';

/** Raw bodies the upload takes; the content decides, not this. */
export const DOCUMENT_UPLOAD_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'application/octet-stream',
];

export class DocumentUploadDto {
  @ApiProperty({ format: 'uuid', description: 'Give it as prosecutorOrder.documentId when validating' })
  documentId!: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png'] }) mimeType!: string;
  @ApiProperty() size!: number;
  @ApiProperty() sha256!: string;
}

/** The scanned prosecutor's order: uploaded by the validating supervisor, read by staff only. */
@ApiTags('alerts')
@Controller('v1/alerts/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentService) {}

  @Post()
  @HttpCode(201)
  @Roles(...rolesFor('validate'))
  @ApiOperation({
    summary: "Upload the scan of the prosecutor's order (PDF, JPEG or PNG, checked by content)",
  })
  @ApiConsumes('application/pdf', 'image/jpeg', 'image/png')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: DocumentUploadDto })
  async upload(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: Request,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DocumentUploadDto> {
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'send the scan as the raw body with Content-Type application/pdf, image/jpeg or image/png',
      );
    }
    const stored = await this.documents.upload(id, request.body, user);
    return { documentId: stored.id, mimeType: stored.mimeType, size: stored.size, sha256: stored.sha256 };
  }

  @Get(':documentId')
  @Roles(...STAFF_ROLES)
  @ApiOperation({ summary: "The scan of a prosecutor's order (staff only)" })
  @ApiOkResponse({ content: { 'application/pdf': {}, 'image/jpeg': {}, 'image/png': {} } })
  async file(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
    @Res() response: Response,
  ): Promise<void> {
    const document = await this.documents.file(id, documentId);
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Disposition', `attachment; filename="prosecutor-order-${documentId}"`);
    response.setHeader('Content-Type', document.mimeType);
    response.status(200).send(document.bytes);
  }
}
