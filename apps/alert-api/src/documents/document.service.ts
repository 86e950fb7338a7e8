import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { hasRoleFor, relationshipProblem, sha256Hex } from '@childalert/alerts';
import { AuditService } from '@childalert/audit';
import type { AlertDocumentRow } from '@childalert/persistence';
import type { AuthenticatedUser } from '@childalert/auth';
import { actorOfUser } from '../alerts/alert-actor';
import { AlertRepository } from '../alerts/alert.repository';
import { ALERTS_SETTINGS, type AlertsSettings } from '../alerts/alerts.settings';
import { ApiError } from '../common/api.error';
import { Clock } from '../common/clock';
import { DocumentRepository, type StoredDocument } from './document.repository';
import { sniffDocumentType } from './document-type.util';

/**
 * The scan of a prosecutor's order, uploaded by the supervisor about to
 * validate (so never by an author of the version) while a version waits for
 * validation; its id then goes into the validation.
 */
@Injectable()
export class DocumentService {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly documents: DocumentRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(ALERTS_SETTINGS) private readonly settings: AlertsSettings,
  ) {}

  async upload(alertId: string, bytes: Buffer, user: AuthenticatedUser): Promise<StoredDocument> {
    if (bytes.length > this.settings.documentMaxBytes) {
      throw new ApiError(
        413,
        'payload_too_large',
        `the scan is larger than ${this.settings.documentMaxBytes} bytes`,
      );
    }
    const mimeType = sniffDocumentType(bytes);
    if (!mimeType) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'the file is not a PDF, JPEG or PNG (checked by its content)',
      );
    }
    const actor = actorOfUser(user);
    return this.alerts.transaction(async (tx) => {
      const loaded = await this.alerts.lock(tx, alertId);
      if (!loaded) throw ApiError.notFound(`alert ${alertId}`);
      const { alert } = loaded;
      if (alert.candidate?.state !== 'PENDING_VALIDATION') {
        throw ApiError.conflict(
          'illegal_transition',
          `a prosecutor's order is attached while a version waits for validation; this alert is ${alert.state} with nothing to validate`,
          alert.state,
        );
      }
      const problem = hasRoleFor(actor.domain, 'validate')
        ? relationshipProblem(alert, 'validate', actor.domain)
        : 'your role may not validate';
      if (problem) throw ApiError.forbidden(problem, alert.state);
      const document: AlertDocumentRow = {
        id: randomUUID(),
        alertId,
        mimeType,
        size: bytes.length,
        sha256: sha256Hex(bytes),
        bytes,
        uploadedBy: user.id,
        uploadedAt: this.clock.now(),
      };
      await this.documents.insert(tx, document);
      await this.audit.record(
        {
          actor: actor.audit,
          action: 'alert.document_uploaded',
          subject: { type: 'alert', id: alertId },
          details: { documentId: document.id, mimeType, size: document.size, sha256: document.sha256 },
        },
        tx,
      );
      const { bytes: _bytes, ...stored } = document;
      return stored;
    });
  }

  async file(alertId: string, documentId: string): Promise<AlertDocumentRow> {
    const document = await this.documents.find(alertId, documentId);
    if (!document) throw ApiError.notFound(`document ${documentId} of alert ${alertId}`);
    return document;
  }
}
