import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@childalert/auth';
import { SERVICE_WORKER_SCRIPT } from './service-worker.script';

export const VAPID_PUBLIC_KEY = Symbol('VAPID_PUBLIC_KEY');

class VapidPublicKeyDto {
  /** The applicationServerKey for `pushManager.subscribe`: a P-256 point, unpadded base64url. */
  publicKey!: string;
}

/** What browsers need to subscribe to web push: the server's key and the service worker. */
@ApiTags('webpush')
@Controller()
@Public()
export class WebpushController {
  constructor(@Inject(VAPID_PUBLIC_KEY) private readonly publicKey: string | null) {}

  @Get('v1/webpush/vapid-public-key')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOkResponse({ type: VapidPublicKeyDto })
  @ApiServiceUnavailableResponse({ description: 'Web push is not configured (no VAPID_PUBLIC_KEY)' })
  vapidPublicKey(): VapidPublicKeyDto {
    if (this.publicKey === null) throw new ServiceUnavailableException('web push is not configured');
    return { publicKey: this.publicKey };
  }

  /** Served from the root so its scope covers every public page. */
  @Get('sw.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  // Browsers check for a new service worker at most daily anyway; short, so fixes spread fast.
  @Header('Cache-Control', 'no-cache')
  @Header('Service-Worker-Allowed', '/')
  @ApiProduces('text/javascript')
  serviceWorker(): string {
    return SERVICE_WORKER_SCRIPT;
  }
}
