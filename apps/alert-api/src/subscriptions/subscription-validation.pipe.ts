import { ValidationPipe } from '@nestjs/common';

/**
 * The pipe every app uses, set on these controllers too so they validate the
 * same wherever they are mounted (whatever the app's global pipes).
 */
export const subscriptionValidationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
});
