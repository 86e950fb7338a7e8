import { Injectable } from '@nestjs/common';

/**
 * The time every lifecycle decision is taken at. The domain is pure and takes
 * `now` as an argument; the app asks this, so a test can move time (expiry,
 * token lifetimes) without sleeping.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
