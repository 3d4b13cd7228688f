import { connectAndMigrate, createDataSource, type DatabaseOptions } from './data-source';

/** Body of each service's `migrate` target: apply pending migrations and exit. */
export async function runMigrationsCli(options: Omit<DatabaseOptions, 'url'> & { url?: string }): Promise<void> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (!url) {
    console.error('config: DATABASE_URL is required (the postgres:// URL of this service database)');
    process.exit(1);
  }
  const dataSource = createDataSource({ ...options, url });
  try {
    await connectAndMigrate(dataSource, { attempts: 1 });
    console.log(`${options.applicationName}: migrations up to date`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
