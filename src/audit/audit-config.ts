import { resolve } from 'node:path';

export interface AuditConfig {
  /** A signed checkpoint is written every this many entries (0: only on demand). */
  checkpointEvery: number;
  /** Ed25519 private key as PEM text, when given in the environment. */
  signingKeyPem: string | null;
  /** Where the key is read from (or, for a first start, made) when no PEM is given. */
  signingKeyFile: string;
}

export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');

export function loadAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  const every = env.AUDIT_CHECKPOINT_EVERY ?? '1000';
  if (!/^\d+$/.test(every)) throw new Error(`AUDIT_CHECKPOINT_EVERY must be a whole number; it is "${every}".`);
  return {
    checkpointEvery: Number(every),
    signingKeyPem: env.AUDIT_SIGNING_KEY?.trim() || null,
    signingKeyFile: resolve(env.AUDIT_SIGNING_KEY_FILE || 'data/audit-signing-key.pem'),
  };
}
