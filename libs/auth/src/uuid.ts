const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checked before a query: PostgreSQL rejects a malformed uuid with an error, not an empty result. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
