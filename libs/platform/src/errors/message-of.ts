/**
 * The message of anything thrown. Not `instanceof Error`: errors from another
 * realm (Node core under Jest's VM, worker threads) fail that test.
 */
export function messageOf(error: unknown): string {
  if (
    typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string'
  ) {
    return error.message;
  }
  return String(error);
}
