import type { MailDraft } from '../mail/outgoing-mail';
import type { SignedCheckpoint } from './audit-signer';
import type { Transaction } from '../database/transaction';

/** The JSON that POST /audit/verify takes, from a mail's values. */
function verifyBody(c: SignedCheckpoint): string {
  return JSON.stringify({ checkpoint: { seq: c.seq, hash: c.hash, signedAt: c.signedAt, keyId: c.keyId, signature: c.signature } });
}

/**
 * The mail of one checkpoint. Its values are the whole checkpoint, so the mail alone proves later
 * whether the history still reaches it unchanged; the signature is public knowledge, not a secret.
 */
export function checkpointMail(to: string, c: SignedCheckpoint, publicUrl: string): MailDraft {
  const lines = [
    'The Compact Case Engine signed a checkpoint of its audit history. Keep this mail: it is a copy of the',
    "checkpoint outside the engine's database, and a history rewritten or cut short after it no longer matches it.",
    '',
    `Sequence number: ${c.seq}`,
    `Head hash:       ${c.hash}`,
    `Signed at:       ${c.signedAt}`,
    `Key id:          ${c.keyId}`,
    `Signature:       ${c.signature}`,
    '',
    'To check the history against it, signed in as an auditor (the answer says "ok": true while the',
    'history still reaches this checkpoint unchanged, and names the first bad entry when it does not):',
    '',
    `  curl -X POST ${publicUrl}/audit/verify -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\`,
    `    -d '${verifyBody(c)}'`,
    '',
    'or on the server itself:',
    '',
    `  npm run cli -- audit:verify-checkpoint --seq ${c.seq} --hash ${c.hash} --signed-at ${c.signedAt} \\`,
    `    --key-id ${c.keyId} --signature ${c.signature}`,
    '',
    `The Ed25519 public key that checks the signature: ${publicUrl}/audit/public-key`,
    '',
    '-- ',
    'Compact Case Engine. Every auditor gets a mail of each checkpoint signed.',
  ];
  return { to, subject: `Audit checkpoint ${c.seq}: keep this mail`, body: lines.join('\n') + '\n' };
}

/**
 * Who keeps a copy of each checkpoint outside the database, told in the checkpoint's own transaction:
 * the auditors, whose accounts are the users module's (AuditorWitnesses registers itself there).
 */
export interface CheckpointWitness {
  signed(tx: Transaction, checkpoint: SignedCheckpoint): Promise<void>;
}
