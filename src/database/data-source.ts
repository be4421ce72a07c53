// Entry point for the TypeORM CLI (migration:generate / migration:run) on the compiled app.
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

export default new DataSource(dataSourceOptions(loadAppConfig()));
