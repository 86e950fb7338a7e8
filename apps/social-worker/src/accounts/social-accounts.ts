import { z } from 'zod';

/** One NGO account on X: a recipient of the social channel. */
export interface SocialAccount {
  /** Stable recipient id in dispatch batches and the ledger, e.g. `x:el`. */
  key: string;
  /** The language it posts in. */
  language: string;
  /** A test account: receives exercises only (real alerts never go to it, exercises never to the others). */
  exercise: boolean;
}

/** OAuth 1.0a user context of one account (the app's keys and the account's access token). */
export interface XCredentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
}

const accountSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9:_-]{0,63}$/, 'lower-case letters, digits, ":", "_" or "-"'),
    language: z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639 language code such as el'),
    exercise: z.boolean().default(false),
  })
  .strict();

const credentialsSchema = z
  .object({
    appKey: z.string().min(1),
    appSecret: z.string().min(1),
    accessToken: z.string().min(1),
    accessSecret: z.string().min(1),
  })
  .strict();

/** Parses SOCIAL_ACCOUNTS: a JSON array of `{ key, language, exercise? }`, keys unique. */
export function parseSocialAccounts(raw: string): SocialAccount[] | { error: string } {
  const parsed = parseJson(raw);
  if ('error' in parsed) return parsed;
  const result = z.array(accountSchema).safeParse(parsed.value);
  if (!result.success) return { error: describe(result.error) };
  const keys = result.data.map((account) => account.key);
  const duplicate = keys.find((key, index) => keys.indexOf(key) !== index);
  if (duplicate !== undefined) return { error: `account key ${duplicate} appears twice` };
  return result.data;
}

/**
 * Parses SOCIAL_X_CREDENTIALS: a JSON object from account key to its OAuth
 * 1.0a credentials. Messages never quote a value (they are secrets).
 */
export function parseXCredentials(raw: string): Map<string, XCredentials> | { error: string } {
  const parsed = parseJson(raw);
  if ('error' in parsed) return { error: 'expected a JSON object' };
  const result = z.record(z.string(), credentialsSchema).safeParse(parsed.value);
  if (!result.success) {
    const where = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
    return {
      error: `expected { "<account key>": { appKey, appSecret, accessToken, accessSecret } }: ${where}`,
    };
  }
  return new Map(Object.entries(result.data));
}

function parseJson(raw: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch {
    return { error: 'expected JSON' };
  }
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
