import { loadConfig, port, postgresUrl, serviceShape } from './config';

describe('loadConfig', () => {
  const shape = { ...serviceShape(4001), DATABASE_URL: postgresUrl() };

  it('applies defaults and coerces ports', () => {
    const config = loadConfig(shape, { DATABASE_URL: 'postgres://u:p@localhost:5433/crm', PORT: '5001' });
    expect(config.PORT).toBe(5001);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.NODE_ENV).toBe('development');
  });

  it('names a missing variable in one line', () => {
    expect(() => loadConfig(shape, {})).toThrow(/^config: DATABASE_URL is required/);
  });

  it('names a malformed variable', () => {
    expect(() => loadConfig(shape, { DATABASE_URL: 'mysql://x/y' })).toThrow(
      'config: DATABASE_URL is malformed: must be a postgres://user:password@host:port/database URL',
    );
    expect(() => loadConfig(shape, { DATABASE_URL: 'postgres://h:1/db', PORT: 'abc' })).toThrow(/^config: PORT is malformed/);
    expect(() => loadConfig({ P: port(1) }, { P: '70000' })).toThrow('config: P is malformed: must be between 1 and 65535');
  });

  it('rejects a URL without a database name', () => {
    expect(() => loadConfig(shape, { DATABASE_URL: 'postgres://localhost:5432' })).toThrow(/DATABASE_URL is malformed/);
  });
});
