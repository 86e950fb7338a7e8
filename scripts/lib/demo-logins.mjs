// The demo accounts `npm start` prints once everything is ready.
//
// alert-api seeds one demo user per role (officer, supervisor, operator,
// admin, auditor) outside production unless DEMO_USERS=false, with the
// password DEMO_PASSWORD. So that this script can print that password, it is
// chosen here, once per `npm start`: importing this module sets
// DEMO_PASSWORD in the environment the apps inherit (start.mjs copies
// process.env when it starts them), unless the person set one already.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const ROLE_ORDER = ['police_officer', 'police_supervisor', 'ngo_operator', 'ngo_admin', 'auditor'];

function demoUsersEnabled(env = process.env) {
  const production = (env.NODE_ENV || 'development') === 'production';
  const setting = (env.DEMO_USERS ?? '').trim().toLowerCase();
  if (['false', '0', 'no', 'off'].includes(setting)) return false;
  return !production;
}

if (demoUsersEnabled() && !process.env.DEMO_PASSWORD) {
  process.env.DEMO_PASSWORD = randomBytes(12).toString('base64url');
}

/**
 * The demo accounts that exist now (seeded by alert-api at its start), each
 * with its role and the password of this run.
 * @param {{ databaseUrl: string, apiUrl: string }} system
 * @returns {Promise<Array<{ role: string, login: string, password: string }>>}
 */
export async function demoLogins(system) {
  const password = process.env.DEMO_PASSWORD;
  if (!demoUsersEnabled() || !password) return [];
  const client = new pg.Client({ connectionString: system.databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query(
      'SELECT username, roles FROM users WHERE demo AND NOT disabled ORDER BY username',
    );
    return rows
      .map((row) => ({ role: row.roles[0], login: row.username, password }))
      .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
  } catch {
    // No users table yet, or the database went away: nothing to print.
    return [];
  } finally {
    await client.end().catch(() => undefined);
  }
}
