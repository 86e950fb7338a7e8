import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';

/** The options the app's global ValidationPipe uses; specs validate the same way. */
export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
} as const;

export type InputResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * Transforms and validates `plain` as `cls` exactly as the app's
 * ValidationPipe does, with the messages it would answer (each prefixed by
 * its path: `texts.el.headline must be at most 140 characters: ...`).
 */
export async function validateInput<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
): Promise<InputResult<T>> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, errors: ['the body must be a JSON object'] };
  }
  const value = plainToInstance(cls, plain);
  const errors = await validate(value, VALIDATION_OPTIONS);
  return errors.length === 0 ? { ok: true, value } : { ok: false, errors: flattenValidationErrors(errors) };
}

/**
 * Nest's ValidationPipe flattening, faithfully: each constraint message
 * prefixed by its parent path, and (as Nest does) an error's own messages
 * left out when it has nested ones, so specs see exactly what a client gets.
 */
export function flattenValidationErrors(errors: readonly ValidationError[], parentPath = ''): string[] {
  return errors.flatMap((error) => {
    const children = error.children ?? [];
    if (children.length > 0) {
      const path = parentPath === '' ? error.property : `${parentPath}.${error.property}`;
      return flattenValidationErrors(children, path);
    }
    return Object.values(error.constraints ?? {}).map((message) =>
      parentPath === '' ? message : `${parentPath}.${message}`,
    );
  });
}
