import { Controller, Get, NotFoundException, Param, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@childalert/auth';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { countryBordersFile, readAsset, webDistDir } from './web-assets';

/** A strict policy for the console: its own scripts and styles only, data from this origin. */
const CONSOLE_CSP =
  "default-src 'self'; img-src 'self' blob: data: https:; style-src 'self' 'unsafe-inline'; " +
  "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Serves the operator console (the single-page app under /console). Public
 * on purpose: it is static code; every call it makes is checked by the API's
 * AccessGuard with the person's token.
 */
@ApiExcludeController()
@Controller('console')
@Public()
export class ConsoleAssetsController {
  private readonly root = webDistDir();
  private borders?: Buffer;

  @Get('map/countries.json')
  countries(@Res() response: Response): void {
    this.borders ??= readFileSync(countryBordersFile());
    response.setHeader('Cache-Control', 'public, max-age=86400');
    response.type('application/json').send(this.borders);
  }

  @Get()
  index(@Res() response: Response): void {
    this.send(response, 'index.html');
  }

  @Get('*path')
  file(@Param('path') segments: string[] | string, @Res() response: Response): void {
    const urlPath = Array.isArray(segments) ? segments.join('/') : segments;
    // A file if there is one; any other path is a screen of the app (it routes by the hash, but tolerate paths).
    if (this.root && readAsset(this.root, urlPath)) return this.send(response, urlPath);
    if (/\.[a-z0-9]+$/i.test(urlPath)) throw new NotFoundException(`no console file ${urlPath}`);
    this.send(response, 'index.html');
  }

  private send(response: Response, urlPath: string): void {
    if (this.root === undefined) {
      throw new ServiceUnavailableException('the console is not built: run `npm run build:web`');
    }
    const asset = readAsset(this.root, urlPath);
    if (asset === undefined) throw new NotFoundException(`no console file ${urlPath}`);
    response.setHeader('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    response.setHeader('Content-Security-Policy', CONSOLE_CSP);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'same-origin');
    response.type(asset.type).send(asset.body);
  }
}
