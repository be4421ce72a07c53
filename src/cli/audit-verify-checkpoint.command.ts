import type { INestApplicationContext } from '@nestjs/common';
import { parseArgs } from 'node:util';
import type { SignedCheckpointDto } from '../audit/dto/verify.dto';
import { validCheckpoint, verifyAndReport } from './audit.commands';

export const AUDIT_VERIFY_CHECKPOINT_USAGE = `audit:verify-checkpoint --seq N --hash H --signed-at T --key-id K --signature S
      The same check as audit:verify --checkpoint, with the values of a checkpoint mail given as they are.`;

/** The checkpoint of a mail, checked before the app starts (a mistyped value costs nothing). */
export function parseMailedCheckpoint(args: string[]): Promise<SignedCheckpointDto> {
  const { values } = parseArgs({
    args,
    options: {
      seq: { type: 'string' },
      hash: { type: 'string' },
      'signed-at': { type: 'string' },
      'key-id': { type: 'string' },
      signature: { type: 'string' },
    },
  });
  const missing = ['seq', 'hash', 'signed-at', 'key-id', 'signature'].filter((name) => !values[name as keyof typeof values]);
  if (missing.length) return Promise.reject(new Error(`audit:verify-checkpoint needs ${missing.map((name) => `--${name}`).join(', ')}`));
  const seq = /^\d+$/.test(values.seq!) ? Number(values.seq) : values.seq;
  const plain = { seq, hash: values.hash, signedAt: values['signed-at'], keyId: values['key-id'], signature: values.signature };
  return validCheckpoint(plain, 'The values given are not a checkpoint');
}

/** Returns the process exit status: 0 while the chain still reaches the checkpoint unchanged, 1 otherwise. */
export function auditVerifyCheckpoint(app: INestApplicationContext, checkpoint: SignedCheckpointDto): Promise<number> {
  return verifyAndReport(app, { checkpoint });
}
