import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AUDIT_CONFIG, type AuditConfig } from './audit-config';

/** What a checkpoint says, as it travels outside the database (JSON). */
export interface SignedCheckpoint {
  seq: number;
  hash: string;
  signedAt: string;
  keyId: string;
  signature: string;
}

/** The exact bytes that are signed. */
function checkpointBytes(c: Pick<SignedCheckpoint, 'seq' | 'hash' | 'signedAt'>): Buffer {
  return Buffer.from(JSON.stringify(['compact-case-engine/audit-checkpoint/v1', c.seq, c.hash, c.signedAt]));
}

/** Signs checkpoints with Ed25519; the public key is published so anyone can check them. */
@Injectable()
export class AuditSigner {
  private readonly logger = new Logger(AuditSigner.name);
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(@Inject(AUDIT_CONFIG) config: AuditConfig) {
    this.privateKey = createPrivateKey(config.signingKeyPem ?? this.keyFile(config.signingKeyFile));
    if (this.privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error('The audit signing key must be an Ed25519 private key (PEM).');
    }
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = createHash('sha256').update(this.publicKeyDer()).digest('hex').slice(0, 32);
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  sign(seq: number, hash: string, at: Date): SignedCheckpoint {
    const body = { seq, hash, signedAt: at.toISOString() };
    return { ...body, keyId: this.keyId, signature: sign(null, checkpointBytes(body), this.privateKey).toString('base64') };
  }

  /** True when the checkpoint was signed by this engine's key and says what it claims. */
  isAuthentic(c: SignedCheckpoint): boolean {
    try {
      return c.keyId === this.keyId && verify(null, checkpointBytes(c), this.publicKey, Buffer.from(c.signature, 'base64'));
    } catch {
      return false;
    }
  }

  private publicKeyDer(): Buffer {
    return this.publicKey.export({ type: 'spki', format: 'der' });
  }

  /** Reads the key file, making one (readable by its owner only) on the very first start. */
  private keyFile(path: string): string {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      try {
        writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
        this.logger.warn(`Made a new audit signing key at ${path}; back it up, or set AUDIT_SIGNING_KEY.`);
      } catch (err) {
        // Another instance made it first: use theirs.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    return readFileSync(path, 'utf8');
  }
}
