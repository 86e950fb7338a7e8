import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { buildCapXml } from './cap-xml.builder';
import { CapError, CapValidationError } from './cap.errors';
import { CAP_NAMESPACE, type CapMessageInput } from './cap.types';
import { SafeXmlReader, type XmlLimits } from './safe-xml.reader';

export type CapValidationResult = { valid: true } | { valid: false; errors: string[] };

const SCHEMA_FILE = 'CAP-v1.2.xsd';

/**
 * Where the OASIS schema is at run time. The file lives in
 * `libs/cap/schema/CAP-v1.2.xsd` and is read from there by every form of
 * the code, so nothing has to copy it:
 * - ts source / jest / tsx: `libs/cap/src` → `../schema/CAP-v1.2.xsd`;
 * - `tsc` output: `dist/libs/cap/src` → walking up reaches the repository
 *   root, which holds `libs/cap/schema/CAP-v1.2.xsd`;
 * - a bundle (`dist/apps/<app>/main.js`): the same walk up.
 * So ship the repository's `libs/cap/schema` folder alongside `dist/` (or
 * pass an explicit path to `loadCapSchema`).
 */
export function findCapSchemaPath(from: string = __dirname): string {
  const tried: string[] = [];
  for (let dir = from; ; dir = dirname(dir)) {
    for (const candidate of [
      join(dir, 'schema', SCHEMA_FILE),
      join(dir, 'libs', 'cap', 'schema', SCHEMA_FILE),
    ]) {
      if (existsSync(candidate)) return candidate;
      tried.push(candidate);
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(`CAP 1.2 schema ${SCHEMA_FILE} not found; looked in: ${tried.join(', ')}`);
}

let schemaText: string | undefined;

/** The XSD text, read once per process (or from `path` when given, replacing the cached one). */
export function loadCapSchema(path?: string): string {
  if (path !== undefined || schemaText === undefined) {
    schemaText = readFileSync(path ?? findCapSchemaPath(), 'utf8');
  }
  return schemaText;
}

// xmllint-wasm starts a worker thread and a wasm instance per call (~70-130 ms):
// cap how many run at once so a burst cannot spawn hundreds of threads.
const MAX_CONCURRENT = Math.max(2, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * Validates a CAP document against the OASIS CAP 1.2 XSD (libxml2 via
 * xmllint-wasm). Unsafe or malformed input (DOCTYPE, oversize, too deep,
 * not well-formed) is refused by `SafeXmlReader` before libxml2 sees it,
 * with its message. Schema errors read like
 * `line 5: Element 'sent': [facet 'pattern'] The value '...Z' is not accepted ...`.
 * Costs one worker start (~70-250 ms); for several documents use `validateCapBatch`.
 */
export async function validateCap(
  xml: string | Uint8Array,
  limits?: XmlLimits,
): Promise<CapValidationResult> {
  const [result] = await validateCapBatch([xml], limits);
  return result;
}

/**
 * Validates many documents in one xmllint run: 50 documents cost about what
 * one does. Results are in input order.
 */
export async function validateCapBatch(
  xmls: readonly (string | Uint8Array)[],
  limits?: XmlLimits,
): Promise<CapValidationResult[]> {
  const reader = new SafeXmlReader(limits);
  const results: CapValidationResult[] = [];
  const files: { fileName: string; contents: string; index: number }[] = [];
  xmls.forEach((xml, index) => {
    try {
      files.push({ fileName: `cap-${index}.xml`, contents: reader.read(xml).source, index });
      results.push({ valid: true });
    } catch (e) {
      if (!(e instanceof CapError)) throw e;
      results.push({ valid: false, errors: [e.message] });
    }
  });
  if (files.length === 0) return results;

  const schema = loadCapSchema();
  const run = await withSlot(() =>
    validateXML({
      xml: files.map(({ fileName, contents }) => ({ fileName, contents })),
      schema: { fileName: SCHEMA_FILE, contents: schema },
    }),
  );
  const validFiles = new Set(
    run.rawOutput
      .split('\n')
      .filter((line) => line.endsWith(' validates'))
      .map((line) => line.slice(0, -' validates'.length)),
  );
  for (const { fileName, index } of files) {
    if (validFiles.has(fileName)) continue;
    // xmllint also echoes the offending source line and a caret; keep only located messages.
    const errors = run.errors.flatMap((e) =>
      e.loc?.fileName === fileName && Number.isFinite(e.loc.lineNumber)
        ? [`line ${e.loc.lineNumber}: ${readable(e.message)}`]
        : [],
    );
    results[index] = { valid: false, errors: errors.length > 0 ? errors : [`${fileName} fails to validate`] };
  }
  return results;
}

/** Builds the XML and validates it; throws `CapValidationError` naming the failing element(s). */
export async function buildValidCapXml(input: CapMessageInput): Promise<string> {
  const xml = buildCapXml(input);
  const result = await validateCap(xml);
  if (!result.valid) throw new CapValidationError(result.errors, input.identifier);
  return xml;
}

/** `Schemas validity error : Element '{urn:...cap:1.2}sent': ...` → `Element 'sent': ...`. */
function readable(message: string): string {
  return message
    .replace(/^Schemas validity error : /, '')
    .split(`{${CAP_NAMESPACE}}`)
    .join('');
}
