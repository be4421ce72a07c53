// Writes the OpenAPI document the built app serves at /docs-json to a file (default dist/openapi.json),
// for `npm run lint:openapi`. The app boots on a throwaway SQLite file and never listens.
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const out = resolve(process.argv[2] ?? join(__dirname, '..', 'dist', 'openapi.json'));
const dir = mkdtempSync(join(tmpdir(), 'compact-openapi-'));
const settings = {
  SQLITE_PATH: join(dir, 'openapi.sqlite'),
  OUTBOX_DIR: join(dir, 'outbox'),
  AUDIT_SIGNING_KEY_FILE: join(dir, 'audit-signing-key.pem'),
  JWT_SECRET: 'openapi-document-only-0123456789abcdef',
  LOG_LEVEL: 'silent',
};

async function main() {
  const { NestFactory } = require('@nestjs/core');
  const { AppModule } = require('../dist/src/app.module');
  const { openApiDocument } = require('../dist/src/openapi-document');
  const { loadConfig } = require('../dist/src/config/app-config');
  const config = loadConfig(settings);
  const app = await NestFactory.create(AppModule.with({ ...config, app: { ...config.app, deliverMail: false } }), { logger: false });
  try {
    writeFileSync(out, JSON.stringify(openApiDocument(app), null, 2) + '\n');
  } finally {
    await app.close();
  }
  process.stdout.write(`OpenAPI document written to ${out}\n`);
}

main()
  .catch((err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
