import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@childalert/config';
import { z } from 'zod';
import type { AudienceInput, AudienceStream, RecipientSource } from './recipient-source';
import { streamOf } from './recipient-source';

/** One NGO account on the social channel, as the dispatcher knows it (no credentials). */
export interface SocialAccountEntry {
  key: string;
  language: string;
  /** A test account: exercises go to it only, real alerts never. */
  exercise: boolean;
}

const accountsSchema = z.array(
  z
    .object({
      key: z.string().regex(/^[a-z0-9][a-z0-9:_-]{0,63}$/, 'lower-case letters, digits, ":", "_" or "-"'),
      language: z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639 language code such as el'),
      exercise: z.boolean().default(false),
    })
    .strict(),
);

/**
 * SOCIAL_ACCOUNTS, the same variable the social worker reads: a JSON array of
 * `{ "key": "x:el", "language": "el" }` (`"exercise": true` for a test
 * account); unset, no social posts are dispatched.
 */
export const socialAccountsField = z
  .string()
  .optional()
  .transform((raw, ctx): SocialAccountEntry[] => {
    if (raw === undefined || raw.trim() === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON array of { "key", "language" }' });
      return z.NEVER;
    }
    const result = accountsSchema.safeParse(value);
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      ctx.addIssue({ code: 'custom', message: problems.join('; ') });
      return z.NEVER;
    }
    const keys = result.data.map((account) => account.key);
    const duplicate = keys.find((key, index) => keys.indexOf(key) !== index);
    if (duplicate !== undefined) {
      ctx.addIssue({ code: 'custom', message: `account key ${duplicate} appears twice` });
      return z.NEVER;
    }
    return result.data;
  });

/**
 * The NGO's social accounts in the version's languages: one post (or, for an
 * update, one reply in the alert's thread) per account. An exercise goes to
 * test accounts only, so it never reaches the public timelines.
 */
@Injectable()
export class SocialRecipients implements RecipientSource {
  constructor(@Inject(APP_CONFIG) private readonly config: { SOCIAL_ACCOUNTS: SocialAccountEntry[] }) {}

  audienceOf({ target, batchSize }: AudienceInput): Promise<AudienceStream> {
    const accounts = this.config.SOCIAL_ACCOUNTS.filter(
      (account) => account.exercise === target.exercise && target.languages.includes(account.language),
    );
    return Promise.resolve(
      streamOf(
        accounts.map((account) => ({ id: account.key, language: account.language })),
        batchSize,
      ),
    );
  }
}
