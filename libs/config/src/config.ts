import { z } from 'zod';

/** Raised when the environment does not satisfy a service's schema. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`config: ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates `env` against a zod object whose keys are environment variable
 * names. The first problem is reported as one line naming the variable.
 */
export function loadConfig<S extends z.ZodRawShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue.path[0] ?? 'environment');
  const given = env[variable];
  const detail = given === undefined || given === '' ? `is required (${issue.message})` : `is malformed: ${issue.message}`;
  throw new ConfigError(variable, detail);
}

/** A TCP port given as a string, with a default. */
export const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a port number' })
    .int({ error: 'must be an integer port number' })
    .min(1, { error: 'must be between 1 and 65535' })
    .max(65535, { error: 'must be between 1 and 65535' })
    .default(fallback);

/** A postgres:// or postgresql:// connection URL. */
export const postgresUrl = () =>
  z
    .string({ error: 'must be set to a postgres://user:password@host:port/database URL' })
    .min(1, { error: 'must be set to a postgres://user:password@host:port/database URL' })
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.pathname.length > 1;
        } catch {
          return false;
        }
      },
      { error: 'must be a postgres://user:password@host:port/database URL' },
    );

/** An http(s) URL. */
export const httpUrl = () =>
  z.string().refine(
    (value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: 'must be an http:// or https:// URL' },
  );

/** Settings every service shares. */
export const serviceShape = (defaultPort: number) => ({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port(defaultPort),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('warn'),
});
