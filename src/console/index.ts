// What other features may import of src/console/, each name from the file named here (eslint.config.mjs checks it).
export { CONSOLE_DIR } from './console-views';
export { ConsoleModule } from './console.module';
