import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { describePolygonProblem, polygonProblem } from '../geometry/polygon.util';
import type { TextLimit } from '../model/alert-limits';
import { LIMITS } from '../model/alert-limits';

/**
 * Custom class-validator decorators for alert input. Every message names the
 * property (`$property`; the ValidationPipe prefixes the parent path) and
 * says what to do.
 */

/*
 * The range and length rules below pass values of the wrong type: IsString,
 * IsNumber and friends report those, once, so a person reads one message per
 * mistake instead of three.
 */

/** At most `limit.max` characters, saying which channel cuts it. */
export function MaxChars(limit: TextLimit): PropertyDecorator {
  return custom('maxChars', undefined, {
    validate: (value) => typeof value !== 'string' || value.length <= limit.max,
    message: (args) => `${args.property} must be at most ${limit.max} characters: ${limit.why}`,
  });
}

/** Not empty and not only blanks. */
export function NotBlank(message = '$property must not be empty'): PropertyDecorator {
  return custom(
    'notBlank',
    { message },
    {
      validate: (value) => typeof value !== 'string' || value.trim().length > 0,
      message: (args) => `${args.property} must not be empty`,
    },
  );
}

/** At least `min` characters once trimmed. */
export function MinChars(min: number, message: string): PropertyDecorator {
  return custom(
    'minChars',
    { message },
    {
      validate: (value) => typeof value !== 'string' || value.trim().length >= min,
      message: () => message,
    },
  );
}

/** A number within [min, max]; `message` says the range and its unit. */
export function InRange(min: number, max: number, message: string): PropertyDecorator {
  return custom(
    'inRange',
    { message },
    {
      validate: (value) => typeof value !== 'number' || (value >= min && value <= max),
      message: () => message,
    },
  );
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseIsoDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

type TimeRule = 'any' | 'future' | 'past';

/**
 * An ISO 8601 date-time with an offset (`2026-03-01T14:30:00+02:00` or `...Z`);
 * `future`: after now; `past`: not after now (plus clock skew).
 */
export function IsIsoDateTime(rule: TimeRule = 'any', options?: ValidationOptions): PropertyDecorator {
  return custom('isIsoDateTime', options, {
    validate: (value) => {
      const date = parseIsoDateTime(value);
      if (!date) return false;
      if (rule === 'future') {
        const now = Date.now();
        return date.getTime() > now && date.getTime() <= now + LIMITS.maxExpiryDays * 86_400_000;
      }
      if (rule === 'past') return date.getTime() <= Date.now() + LIMITS.clockSkewMs;
      return true;
    },
    message: (args) => {
      const date = parseIsoDateTime(args.value);
      if (!date) {
        return `${args.property} must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T14:30:00+02:00`;
      }
      if (rule === 'future' && date.getTime() <= Date.now()) return `${args.property} must be in the future`;
      if (rule === 'future') {
        return `${args.property} must be at most ${LIMITS.maxExpiryDays} days ahead: publish an update to extend an alert`;
      }
      return `${args.property} must not be in the future`;
    },
  });
}

/** A closed, simple polygon of `[lat, lon]` points (see polygonProblem). */
export function IsClosedSimplePolygon(options?: ValidationOptions): PropertyDecorator {
  return custom('isClosedSimplePolygon', options, {
    // With another kind, OnlyForKind says what is wrong; the shape is beside the point.
    validate: (value, args) =>
      (args.object as { kind?: unknown }).kind !== 'polygon' || polygonProblem(value) === undefined,
    message: (args) => {
      const problem = polygonProblem(args.value);
      return problem ? describePolygonProblem(args.property, problem) : `${args.property} is invalid`;
    },
  });
}

/** The field belongs to one kind of area only (`area.points` with `kind: 'polygon'`). */
export function OnlyForKind(kind: string, options?: ValidationOptions): PropertyDecorator {
  return custom('onlyForKind', options, {
    validate: (value, args) => value === undefined || (args.object as { kind?: unknown }).kind === kind,
    message: (args) => `${args.property} is only allowed when kind is '${kind}'`,
  });
}

/** An object with at least one of `keys` set (a vehicle with nothing known says nothing). */
export function HasAnyOf(keys: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return custom('hasAnyOf', options, {
    validate: (value) =>
      typeof value === 'object' &&
      value !== null &&
      keys.some((key) => (value as Record<string, unknown>)[key] !== undefined),
    message: (args) => `${args.property} must give at least one of ${keys.join(', ')}`,
  });
}

/**
 * A list of language codes naming exactly the keys of `mapProperty` (put on
 * `languages`, a property with no nested errors, so the message is never
 * hidden behind those of the texts).
 */
export function SameLanguagesAs(mapProperty: string, options?: ValidationOptions): PropertyDecorator {
  const keysOfMap = (args: ValidationArguments) =>
    keysOf((args.object as Record<string, unknown>)[mapProperty]);
  return custom('sameLanguagesAs', options, {
    validate: (value, args) => {
      const keys = keysOfMap(args);
      // A list or map of the wrong type is reported on its own.
      if (!Array.isArray(value) || keys === undefined) return true;
      return sameSet(keys, value as unknown[]);
    },
    message: (args) => {
      const languages = args.value as unknown[];
      const keys = keysOfMap(args) ?? [];
      const missing = languages.filter((lang) => !keys.includes(lang as string));
      const extra = keys.filter((key) => !languages.includes(key));
      const parts = [
        missing.length > 0 ? `no ${mapProperty} for ${missing.join(', ')}` : '',
        extra.length > 0
          ? `${mapProperty} for ${extra.join(', ')}, which ${args.property} does not list`
          : '',
      ].filter(Boolean);
      return `${args.property} and ${mapProperty} must name the same languages: ${parts.join('; ')}`;
    },
  });
}

/** Values of an array are unique. */
export function UniqueItems(options?: ValidationOptions): PropertyDecorator {
  return custom('uniqueItems', options, {
    validate: (value) => !Array.isArray(value) || new Set(value).size === value.length,
    message: (args) => `${args.property} must not list the same value twice`,
  });
}

function keysOf(value: unknown): string[] | undefined {
  if (value instanceof Map) return [...value.keys()].map(String);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return Object.keys(value);
  return undefined;
}

function sameSet(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

function custom(
  name: string,
  options: ValidationOptions | undefined,
  rule: {
    validate: (value: unknown, args: ValidationArguments) => boolean;
    message: (args: ValidationArguments) => string;
  },
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: rule.message, ...options },
      validator: { validate: rule.validate },
    });
  };
}
