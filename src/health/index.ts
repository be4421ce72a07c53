// What other features may import of src/health/, each name from the file named here (eslint.config.mjs checks it).
export { HealthModule } from './health.module';
