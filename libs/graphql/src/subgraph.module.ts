import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { type ArgumentMetadata, Catch, type DynamicModule, Module, type OnApplicationBootstrap, type Type, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, ModulesContainer } from '@nestjs/core';
import { type GqlExceptionFilter, GraphQLModule } from '@nestjs/graphql';
import type { ValidationError } from 'class-validator';
import type { Identity } from '@platform/auth';
import { IS_RECORD_ID } from './argument-rules';
import { badUserInput, type ErrorCodes, formatError, notFound } from './errors';
import { createRequestContext } from './loaders';
import { graphqlMetricsPlugin } from './metrics.plugin';
import { resolversIn, typeArgumentsFromSchema, unvalidatedArguments } from './resolver-arguments';

export interface SubgraphOptions {
  /** Service name, used in logs and metrics. */
  service: string;
  /** Entity types this subgraph only extends (no query returns them), e.g. another service's Customer. */
  extendedEntities?: Type<unknown>[];
  /** The service's own error codes, passed to clients beside the generic ones. */
  errorCodes?: ErrorCodes;
}

interface UnknownRecord {
  type: string;
  id: string;
}

/** The failing fields and their messages; ids that IsRecordId refused go to `unknown` instead. */
function flatten(errors: ValidationError[], unknown: UnknownRecord[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const { [IS_RECORD_ID]: recordId, ...constraints } = error.constraints ?? {};
    if (recordId !== undefined) unknown.push({ type: error.contexts?.[IS_RECORD_ID]?.recordType, id: String(error.value) });
    if (Object.keys(constraints).length) fields[path] = Object.values(constraints);
    Object.assign(fields, flatten(error.children ?? [], unknown, path));
  }
  return fields;
}

/** The first path in `value` (an argument, possibly nested) whose text holds a NUL character, which Postgres cannot store. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  // Arguments are plain objects (graphql-js makes them without a prototype) and arrays; nothing else is input.
  const proto = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === null || proto === Object.prototype || Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value as object)) {
      const found = nulPath(inner, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Turns class-validator failures into BAD_USER_INPUT with the failing fields,
 * and refuses text with NUL characters in any argument, DTO or plain scalar.
 */
class InputPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata) {
    const isContext = !!value && typeof value === 'object' && 'loaders' in value;
    // Paths name fields the way class-validator does: inside an input object, without the argument's name.
    const path = isContext ? undefined : nulPath(value, typeof value === 'object' ? '' : (metadata.data ?? ''));
    if (path !== undefined) throw badUserInput(`Invalid input: ${path || 'value'} must not contain NUL (\\u0000) characters`, { [path || 'value']: ['contains a NUL character'] });
    return super.transform(value, metadata);
  }
}

export const validationPipe = new InputPipe({
  transform: true,
  whitelist: true,
  forbidUnknownValues: false,
  exceptionFactory: (errors) => {
    const unknown: UnknownRecord[] = [];
    const fields = flatten(errors, unknown);
    // A malformed record id names no record: NOT_FOUND, once the other fields pass (as when the service looked it up).
    if (!Object.keys(fields).length && unknown.length) return notFound(unknown[0].type, unknown[0].id);
    const summary = Object.entries(fields)
      .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
      .join('; ');
    return badUserInput(`Invalid input: ${summary}`, fields);
  },
});

/**
 * Hands every resolver error to Apollo untouched: formatError decides what a
 * client sees, and Nest's handler does not log user errors as crashes.
 */
@Catch()
export class PassToApolloFilter implements GqlExceptionFilter {
  catch(exception: unknown) {
    return exception;
  }
}

/**
 * Every resolver argument validated: input and args class arguments reach
 * the input pipe as their GraphQL class (set up as the providers are made,
 * before GraphQLModule explores the resolvers), and the subgraph refuses to
 * start while an argument has no rule (see resolver-arguments.ts).
 */
class ValidatedArguments implements OnApplicationBootstrap {
  private readonly resolvers: Type<unknown>[];

  constructor(
    modules: ModulesContainer,
    private readonly service: string,
  ) {
    this.resolvers = resolversIn(modules);
    typeArgumentsFromSchema(this.resolvers);
  }

  onApplicationBootstrap() {
    const problems = unvalidatedArguments(this.resolvers);
    if (problems.length) throw new Error(`${this.service}: resolver arguments without validation rules:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * A Federation 2 code-first subgraph at /graphql with the house rules: typed
 * error codes without stack traces, input validation, a DataLoader registry
 * per request and request metrics.
 */
@Module({})
export class SubgraphModule {
  static forRoot(options: SubgraphOptions): DynamicModule {
    return {
      module: SubgraphModule,
      imports: [
        GraphQLModule.forRoot<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          autoSchemaFile: { federation: 2 },
          path: '/graphql',
          sortSchema: true,
          buildSchemaOptions: { orphanedTypes: options.extendedEntities ?? [] },
          playground: false,
          includeStacktraceInErrorResponses: false,
          context: ({ req }: { req: { identity?: Identity } }) => createRequestContext(req),
          // Guards run on field and reference resolvers too: fields carry permissions.
          fieldResolverEnhancers: ['guards'],
          formatError: formatError(options.service, { codes: options.errorCodes }),
          plugins: [graphqlMetricsPlugin(), ApolloServerPluginInlineTraceDisabled()],
        }),
      ],
      providers: [
        { provide: APP_PIPE, useValue: validationPipe },
        { provide: APP_FILTER, useClass: PassToApolloFilter },
        { provide: ValidatedArguments, useFactory: (modules: ModulesContainer) => new ValidatedArguments(modules, options.service), inject: [ModulesContainer] },
      ],
    };
  }
}
