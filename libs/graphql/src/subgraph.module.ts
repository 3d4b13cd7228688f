import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { Catch, type DynamicModule, Module, type Type, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { type GqlExceptionFilter, GraphQLModule } from '@nestjs/graphql';
import type { ValidationError } from 'class-validator';
import type { Identity } from '@platform/auth';
import { badUserInput, formatError } from './errors';
import { createRequestContext } from './loaders';
import { graphqlMetricsPlugin } from './metrics.plugin';

export interface SubgraphOptions {
  /** Service name, used in logs and metrics. */
  service: string;
  /** Entity types this subgraph only extends (no query returns them), e.g. another service's Customer. */
  extendedEntities?: Type<unknown>[];
}

function flatten(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) fields[path] = Object.values(error.constraints);
    Object.assign(fields, flatten(error.children ?? [], path));
  }
  return fields;
}

/** Turns class-validator failures into BAD_USER_INPUT with the failing fields. */
export const validationPipe = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidUnknownValues: false,
  exceptionFactory: (errors) => {
    const fields = flatten(errors);
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
          formatError: formatError(options.service),
          plugins: [graphqlMetricsPlugin(), ApolloServerPluginInlineTraceDisabled()],
        }),
      ],
      providers: [
        { provide: APP_PIPE, useValue: validationPipe },
        { provide: APP_FILTER, useClass: PassToApolloFilter },
      ],
    };
  }
}
