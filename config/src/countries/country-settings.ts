import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** What decides that a partner gets an alert (besides the operator's explicit choice, which always counts). */
export const PARTNER_RULES = ['all', 'border', 'destination'] as const;
export type PartnerRule = (typeof PARTNER_RULES)[number];

const reachSchema = z.object({
  /** How fast a child may have been taken away, on average, since last seen. */
  speedKmh: z.number().positive().max(300),
  /** Reach right after the child was last seen. */
  minKm: z.number().min(0).max(2000),
  /** Reach never grows beyond this. */
  maxKm: z.number().positive().max(5000),
});
export type ReachSettings = z.infer<typeof reachSchema>;

const countrySchema = z
  .object({
    /** ISO 3166-1 alpha-2. */
    code: z.string().regex(/^[A-Z]{2}$/),
    name: z.string().min(1),
    /** ISO 3166-1 numeric: the id of the country in Natural Earth (world-atlas). */
    isoNumeric: z.string().regex(/^\d{3}$/),
    /** ISO 639-1, the country's own languages first. */
    languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(1),
    neighbours: z.array(z.string().regex(/^[A-Z]{2}$/)),
    defaultRules: z.array(z.enum(PARTNER_RULES)).min(1),
    reach: reachSchema,
    note: z.string().optional(),
  })
  .refine((c) => c.reach.minKm <= c.reach.maxKm, { message: 'reach.minKm must not exceed reach.maxKm' });
export type CountrySettings = z.infer<typeof countrySchema>;

/** The folder of config/countries: beside config/src in the repository. */
function countriesFolder(): string {
  const candidates = [
    path.resolve(__dirname, '..', '..', 'countries'),
    path.resolve(process.cwd(), 'config', 'countries'),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new Error(`config/countries not found (looked in ${candidates.join(', ')})`);
  return found;
}

let cache: ReadonlyMap<string, CountrySettings> | undefined;

/**
 * The country settings of the region (config/countries/<code>.json), read and
 * checked once; a bad file stops the app at start with its name and problem.
 */
export function countrySettings(): ReadonlyMap<string, CountrySettings> {
  if (cache) return cache;
  const folder = countriesFolder();
  const byCode = new Map<string, CountrySettings>();
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const parsed = countrySchema.safeParse(JSON.parse(readFileSync(path.join(folder, file), 'utf8')));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`config/countries/${file}: ${problems}`);
    }
    if (`${parsed.data.code.toLowerCase()}.json` !== file)
      throw new Error(`config/countries/${file} holds ${parsed.data.code}: name the file after the code`);
    byCode.set(parsed.data.code, parsed.data);
  }
  cache = byCode;
  return byCode;
}

/** One country's settings, or undefined outside the configured region. */
export function countryOf(code: string): CountrySettings | undefined {
  return countrySettings().get(code.toUpperCase());
}

/** Every language of the region (for templates that must exist in each). */
export function regionLanguages(): string[] {
  return [...new Set([...countrySettings().values()].flatMap((c) => c.languages))].sort();
}
