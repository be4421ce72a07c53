// What other features may import of src/lifecycle/, each name from the file named here (eslint.config.mjs checks it).
export { Draining, DrainingModule } from './draining';
export { closeGracefullyOnSignals } from './graceful-shutdown';
