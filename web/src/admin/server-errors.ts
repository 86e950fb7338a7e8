import { ApiError } from '../api';

/**
 * The API's sentences placed beside the fields they name ("webhookUrl must be
 * https…", "area.codes: …"): each goes to the first of `fields` it starts
 * with; the rest go to `form`.
 */
export function errorsByField(error: unknown, fields: readonly string[]): Record<string, string> {
  if (!(error instanceof ApiError)) return { form: String(error) };
  const out: Record<string, string> = {};
  const problems = error.problems.length > 0 ? error.problems : [error.message];
  const unplaced: string[] = [];
  for (const problem of problems) {
    const field = fields.find((f) => problem.startsWith(f) && /^($|[.:[ ])/.test(problem.slice(f.length)));
    if (field) out[field] ??= problem;
    else unplaced.push(problem);
  }
  if (unplaced.length > 0 || Object.keys(out).length === 0)
    out.form = unplaced.length > 0 ? unplaced.join(' ') : error.message;
  return out;
}
