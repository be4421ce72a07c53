import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AUTH_CONFIG, type AuthConfig } from '../config/app-config';

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(password, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/**
 * scrypt from node:crypto (memory-hard, no native add-on to build). Stored as
 * `scrypt$<log2 N>$<r>$<p>$<salt>$<key>` so that the parameters can be raised later and old hashes
 * still verify.
 */
@Injectable()
export class PasswordHasher {
  private readonly cost: number;

  constructor(@Inject(AUTH_CONFIG) config: Pick<AuthConfig, 'passwordHashCost'>) {
    this.cost = config.passwordHashCost;
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await scrypt(password.normalize('NFKC'), salt, this.options(this.cost, BLOCK_SIZE, PARALLELISM));
    return ['scrypt', this.cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
  }

  /**
   * What an account invited by mail stores until its owner sets a password: no password verifies
   * against it, and it is unique, as every hash is.
   */
  unusable(): string {
    return `unset$${randomBytes(16).toString('base64')}`;
  }

  /** Whether the stored value is a hash some password can match (not an invited account's). */
  isHash(stored: string): boolean {
    return /^scrypt\$\d+\$\d+\$\d+\$[^$]+\$[^$]+$/.test(stored);
  }

  /** Whether a hash was made with other parameters than today's: it is made again at the next sign-in. */
  needsRehash(stored: string): boolean {
    const [, cost, r, p] = stored.split('$');
    return this.isHash(stored) && (Number(cost) !== this.cost || Number(r) !== BLOCK_SIZE || Number(p) !== PARALLELISM);
  }

  async verify(password: string, stored: string): Promise<boolean> {
    if (!this.isHash(stored)) return false;
    const [, cost, r, p, salt, key] = stored.split('$');
    const expected = Buffer.from(key, 'base64');
    const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), this.options(Number(cost), Number(r), Number(p)));
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  private options(cost: number, r: number, p: number): ScryptOptions {
    const N = 2 ** cost;
    return { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  }
}
