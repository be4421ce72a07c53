// Entry point for the TypeORM CLI (migration:generate / migration:run) on the compiled app. It
// migrates first, so that migration:generate writes only what the entities added since.
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

export default new DataSource({ ...dataSourceOptions(loadAppConfig()), migrationsRun: true });
