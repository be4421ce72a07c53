import type { INestApplicationContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { AuditChainBrokenException } from '../audit/audit-chain-broken';
import { AuditCheckpoints } from '../audit/audit-checkpoints.service';
import { csvHeader, csvRow, ndjsonRow } from '../audit/audit-export';
import { AuditReader } from '../audit/audit-reader.service';
import { AuditVerifier, type VerifyRequest } from '../audit/audit-verifier.service';
import { AuditService } from '../audit/audit.service';
import { AuditEntryView } from '../audit/dto/audit-entry.view';
import { SignedCheckpointDto } from '../audit/dto/verify.dto';

export const AUDIT_USAGE = `audit:verify [--checkpoint FILE] [--from N] [--to N]
      Exit status 0 when the chain is intact, 1 with the first bad sequence number when it is not.
  audit:export --state XX [--format csv|ndjson]      the entries of a state's cases and accounts, to stdout
  audit:checkpoint                                   sign the head now; keep the JSON it prints elsewhere`;

const cliMeta = { requestId: 'command-line', clientAddress: null };

function record(app: INestApplicationContext, action: string, states: string[], reason: string) {
  return app.get(AuditService).record({ actor: null, action, entityType: 'audit', entityId: null, states, outcome: 'allowed', reason, meta: cliMeta });
}

/** A checkpoint as the API takes it, or an error that starts with `refusal` and says what is wrong. */
export async function validCheckpoint(plain: unknown, refusal: string): Promise<SignedCheckpointDto> {
  const checkpoint = plainToInstance(SignedCheckpointDto, plain);
  const errors = await validate(checkpoint);
  if (errors.length) throw new Error(`${refusal}: ${errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')}`);
  return checkpoint;
}

function readCheckpoint(path: string): Promise<SignedCheckpointDto> {
  return validCheckpoint(JSON.parse(readFileSync(path, 'utf8')), `${path} is not a checkpoint`);
}

/** Returns the process exit status. */
export async function auditVerify(app: INestApplicationContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { checkpoint: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } });
  const checkpoint = values.checkpoint ? await readCheckpoint(values.checkpoint) : undefined;
  return verifyAndReport(app, {
    checkpoint,
    from: values.from ? Number(values.from) : undefined,
    to: values.to ? Number(values.to) : undefined,
  });
}

/** Verifies, records that it did, and prints the result; returns the process exit status. */
export async function verifyAndReport(app: INestApplicationContext, request: VerifyRequest): Promise<number> {
  const result = await app.get(AuditVerifier).verify(request);
  const summary = result.ok ? `intact to ${result.headSeq} (command line)` : `BROKEN at ${result.firstInvalidSeq} (command line)`;
  await record(app, 'AUDIT_VERIFY', [], summary).catch((err: unknown) => {
    // As on the API: a chain too broken to record this is what the result below reports.
    if (!(err instanceof AuditChainBrokenException) || result.ok) throw err;
  });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  if (!result.ok) process.stderr.write(`The audit chain is broken at entry ${result.firstInvalidSeq}: ${result.problem}\n`);
  return result.ok ? 0 : 1;
}

export async function auditExport(app: INestApplicationContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { state: { type: 'string' }, format: { type: 'string', default: 'csv' } } });
  const state = values.state?.toUpperCase();
  if (!state || !/^[A-Z]{2}$/.test(state)) throw new Error('audit:export needs --state XX');
  if (values.format !== 'csv' && values.format !== 'ndjson') throw new Error('--format must be csv or ndjson');
  await record(app, 'AUDIT_EXPORT', [state], `${values.format} of ${state} (command line)`);
  const write = async (text: string) => {
    if (!process.stdout.write(text)) await once(process.stdout, 'drain');
  };
  if (values.format === 'csv') await write(csvHeader());
  for await (const entry of app.get(AuditReader).stream({}, state)) {
    await write((values.format === 'csv' ? csvRow : ndjsonRow)(AuditEntryView.of(entry)));
  }
  return 0;
}

export async function auditCheckpoint(app: INestApplicationContext): Promise<number> {
  const signed = await app.get(AuditCheckpoints).signHead();
  await record(app, 'AUDIT_CHECKPOINT', [], `signed head ${signed.seq} (command line)`);
  process.stdout.write(JSON.stringify(signed, null, 2) + '\n');
  return 0;
}
