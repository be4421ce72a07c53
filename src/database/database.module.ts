import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DATABASE_CONFIG, type DatabaseConfig } from '../config/app-config';
import { retryConnecting } from './connection-retries';
import { DatabaseOutage } from './database-outage';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './run-migrations';
import { UnitOfWork } from './unit-of-work';

/** Global: the error filters, the probes and every module's work need the database's own services. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [DATABASE_CONFIG],
      useFactory: (config: DatabaseConfig) => dataSourceOptions(config),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        retryConnecting(dataSource);
        await runMigrations(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [UnitOfWork, DatabaseOutage],
  exports: [UnitOfWork, DatabaseOutage],
})
export class DatabaseModule {}
