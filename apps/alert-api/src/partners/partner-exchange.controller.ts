import { Body, Controller, Get, Header, HttpCode, HttpStatus, Inject, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth, type AuthenticatedApiKey, CurrentApiKey } from '@childalert/auth';
import { ATOM_MIME_TYPE, buildAtomFeed, parseCap } from '@childalert/cap';
import { APP_CONFIG } from '@childalert/config';
import { type AlertApiConfig, publicBaseUrlOf } from '../alert-api.config';
import { PartnerInboundService } from './partner-inbound.service';
import { PartnerRepository } from './partner.repository';

/** What partner systems call with their API key: send a message in, pull their feed. */
@ApiTags('partners')
@Controller('v1/partners')
@ApiKeyAuth('partner')
export class PartnerExchangeController {
  constructor(
    private readonly inbound: PartnerInboundService,
    private readonly partners: PartnerRepository,
    @Inject(APP_CONFIG) private readonly config: AlertApiConfig,
  ) {}

  @Post('inbound')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A signed CAP 1.2 message (Alert, Update, Cancel, Ack) from a partner system' })
  receive(@Body() body: unknown, @CurrentApiKey() key: AuthenticatedApiKey) {
    return this.inbound.receive(key.ownerId, body);
  }

  @Get('feed')
  @Header('Content-Type', `${ATOM_MIME_TYPE}; charset=utf-8`)
  @ApiOperation({ summary: 'Atom feed of the signed CAP messages that concern the partner, newest first' })
  async feed(@CurrentApiKey() key: AuthenticatedApiKey, @Query('limit') limit?: string): Promise<string> {
    const base = publicBaseUrlOf(this.config);
    const rows = await this.partners.sentMessages(
      key.ownerId,
      Math.min(Math.max(Number(limit) || 50, 1), 200),
    );
    return buildAtomFeed({
      id: `${base}/v1/partners/feed#${key.ownerId}`,
      title: 'Child alerts for partner systems',
      updated: rows[0]?.signedAt ? new Date(rows[0].signedAt) : new Date(0),
      selfUrl: `${base}/v1/partners/feed`,
      entries: rows.map((row) => {
        const cap = parseCap(row.capXml);
        return {
          id: `urn:cap:${cap.sender}:${cap.identifier}`,
          title: cap.infos[0]?.headline ?? `${cap.msgType} ${cap.identifier}`,
          updated: cap.sent,
          summary: `${cap.msgType} ${cap.identifier}`,
          link: `${base}/alerts/${row.alertId}`,
          capUrl: `${base}/v1/alerts/${row.alertId}/cap/${row.version}`,
          embeddedCap: row.capXml,
        };
      }),
    });
  }
}
