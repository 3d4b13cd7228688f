import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { Catch, type DynamicModule, Module, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, ModulesContainer } from '@nestjs/core';
import { type GqlExceptionFilter, GraphQLModule } from '@nestjs/graphql';
import type { Identity } from '@platform/auth';
import { type ErrorCodes, formatError } from './errors';
import { validationPipe } from './input-pipe';
import { createRequestContext } from './loaders';
import { cacheValidationMetadata } from './validation-metadata-cache';
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
    private readonly options: SubgraphOptions,
  ) {
    this.resolvers = resolversIn(modules);
    typeArgumentsFromSchema(this.resolvers);
  }

  onApplicationBootstrap() {
    const problems = unvalidatedArguments(this.resolvers, this.options.extendedEntities);
    if (problems.length) throw new Error(`${this.options.service}: resolver arguments without validation rules:\n  - ${problems.join('\n  - ')}`);
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
    cacheValidationMetadata();
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
          // Cache control is off: nothing sets cache hints, and its per-field hook made Apollo wrap every resolver of every request.
          plugins: [graphqlMetricsPlugin(), ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled()],
        }),
      ],
      providers: [
        { provide: APP_PIPE, useValue: validationPipe },
        { provide: APP_FILTER, useClass: PassToApolloFilter },
        { provide: ValidatedArguments, useFactory: (modules: ModulesContainer) => new ValidatedArguments(modules, options), inject: [ModulesContainer] },
      ],
    };
  }
}
