import { applyDecorators } from '@nestjs/common';
import { Transform, TransformationType, plainToInstance, type ClassConstructor } from 'class-transformer';
import { ValidateNested, type ValidationArguments } from 'class-validator';

/**
 * What a value that is not an object becomes: a string, which
 * ValidateNested reports on the entry itself; the entry's key rides along
 * so the message can name it.
 */
const NOT_AN_OBJECT = '\u0000not-an-object';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A property keyed by language code (`texts: { "el": {...}, "en": {...} }`),
 * each value validated as `cls`, held as a Map. class-validator names a bad
 * entry after the Map's property, not its key, and Nest's ValidationPipe
 * shows either an error's own messages or its children's, never both; so
 * every problem here is reported on the entry it belongs to:
 * `texts.el must be an object ...`, `texts.el.headline must be at most ...`.
 */
export function LanguageMapOf<T extends object>(
  cls: ClassConstructor<T>,
  entryWhat: string,
): PropertyDecorator {
  return applyDecorators(
    Transform(({ obj, key, type, options }) => {
      const raw = (obj as Record<string, unknown>)[key];
      if (type !== TransformationType.PLAIN_TO_CLASS || raw === undefined || raw === null) return raw;
      if (!isPlainObject(raw)) return NOT_AN_OBJECT;
      return new Map<string, T | string>(
        Object.entries(raw).map(([language, value]) => [
          language,
          isPlainObject(value) ? plainToInstance(cls, value, options) : `${NOT_AN_OBJECT}:${language}`,
        ]),
      );
    }),
    ValidateNested({
      message: (args: ValidationArguments) => {
        const value = typeof args.value === 'string' ? args.value : '';
        return value.startsWith(`${NOT_AN_OBJECT}:`)
          ? `${value.slice(NOT_AN_OBJECT.length + 1)} must be ${entryWhat}`
          : `${args.property} must be an object keyed by language code, e.g. { "el": { ... } }`;
      },
    }),
  );
}
