// What other features may import of src/idempotency/, each name from the file named here (eslint.config.mjs checks it).
export { keyInUseMessage, takesIdempotencyKey } from './idempotency.interceptor';
export { IdempotencyModule } from './idempotency.module';
