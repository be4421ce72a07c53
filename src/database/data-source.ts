// Entry point for the TypeORM CLI (migration:generate / migration:run) on the compiled app. It
// migrates first, so that migration:generate writes only what the entities added since.
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

export default new DataSource({ ...dataSourceOptions(loadConfig(process.env).database), migrationsRun: true });
