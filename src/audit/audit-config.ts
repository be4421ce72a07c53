export interface AuditConfig {
  /** A signed checkpoint is written every this many entries (0: only on demand). */
  checkpointEvery: number;
  /** Ed25519 private key as PEM text, when given in the environment. */
  signingKeyPem: string | null;
  /** Where the key is read from (or, for a first start, made) when no PEM is given. */
  signingKeyFile: string;
}

export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');
