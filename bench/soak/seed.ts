import { bootEngine } from '../lib/app';

/** Who sends what in the soak's walk of an Ohio→Texas case. */
export interface SoakPeople {
  password: string;
  ohOfficer: string;
  ohOffice: string;
  txOffice: string;
  txOfficer: string;
  ohAuditor: string;
}

/**
 * Migrates the database of `env.DATABASE_URL` and creates the bench's accounts through the engine's
 * own services.
 */
export async function seedAccounts(env: Record<string, string>): Promise<SoakPeople> {
  const app = await bootEngine(env, { quiet: true });
  // Only now, with DATABASE_URL set by bootEngine: the engine's entities, which cast.ts loads, pick
  // their column types by it when first loaded.
  const { BENCH_PASSWORD, Cast, usernameOf } = require('../lib/cast') as typeof import('../lib/cast');
  try {
    await Cast.create(app);
  } finally {
    await app.close();
  }
  return {
    password: BENCH_PASSWORD,
    ohOfficer: usernameOf('OH', 'field_officer'),
    ohOffice: usernameOf('OH', 'compact_office'),
    txOffice: usernameOf('TX', 'compact_office'),
    txOfficer: usernameOf('TX', 'field_officer'),
    ohAuditor: usernameOf('OH', 'auditor'),
  };
}
