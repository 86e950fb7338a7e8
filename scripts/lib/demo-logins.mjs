// Hook for the demo accounts `npm start` prints once everything is ready.
// The auth work fills this in (seed the users, return how to log in); until
// then there are none.
/**
 * @param {{ databaseUrl: string, apiUrl: string }} _system
 * @returns {Promise<Array<{ role: string, login: string, password: string }>>}
 */
export async function demoLogins(_system) {
  return [];
}
