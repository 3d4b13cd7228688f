// Walks every subgraph's resolvers and fails when any argument would reach a
// resolver unvalidated (libs/graphql/src/resolver-arguments.ts says what
// counts). A fixture resolver below keeps the failing case a permanent test.
import 'reflect-metadata';
import { type INestApplication, Module, type Type } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { Args, Directive, Field, GraphQLSchemaHost, ID, InputType, ObjectType, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { graphql } from 'graphql';
import { SUBGRAPH_NAMES } from '@platform/config';
import { createRequestContext, IdArg, IsRecordId, Reference, resolverArguments, resolversIn, SubgraphModule, unvalidatedArguments } from '@platform/graphql';

// The database is never connected: the URL only has to be well-formed.
const OFFLINE = { DATABASE_URL: 'postgres://offline@127.0.0.1/offline', LOG_LEVEL: 'error', INTERNAL_JWT_SECRET: 'offline-checks-never-serve-any-request' };

interface Walked {
  started: boolean;
  error?: string;
  resolvers: string[];
  arguments: number;
  problems: string[];
}

/**
 * Builds one subgraph as it starts (schema and all, nothing connected) and
 * walks its resolvers. Code-first GraphQL metadata lives in process-wide
 * stores, so each subgraph gets a module registry and stores of its own, as
 * if it ran in its own process.
 */
async function walk(name: string): Promise<Walked> {
  let walked: Walked | undefined;
  await jest.isolateModulesAsync(async () => {
    const stores = globalThis as { GqlTypeMetadataStorage?: unknown; GqlLazyMetadataStorageHost?: unknown };
    delete stores.GqlTypeMetadataStorage;
    delete stores.GqlLazyMetadataStorageHost;
    const { createSubgraphApp, loadServiceConfig } = require('../../libs/service/src') as typeof import('@platform/service');
    const checks = require('../../libs/graphql/src') as typeof import('@platform/graphql');
    const { ModulesContainer: Modules } = require('@nestjs/core') as typeof import('@nestjs/core');
    const service = require(`../../apps/${name}/src/${name}.subgraph`)[`${name}Subgraph`];
    const app = await createSubgraphApp(service, loadServiceConfig(service, OFFLINE));
    try {
      // Start-up itself refuses an unvalidated argument.
      const error = await app.init().then(
        () => undefined,
        (err: Error) => err.message,
      );
      const resolvers = checks.resolversIn(app.get(Modules));
      walked = {
        started: !error,
        error,
        resolvers: resolvers.map((r) => r.name),
        arguments: resolvers.flatMap((r) => checks.resolverArguments(r)).length,
        problems: checks.unvalidatedArguments(resolvers, service.extendedEntities),
      };
    } finally {
      await app.close();
    }
  });
  return walked!;
}

describe('every resolver argument of every subgraph is validated', () => {
  it.each(SUBGRAPH_NAMES)('%s', async (name) => {
    const walked = await walk(name);
    expect(walked.problems).toEqual([]);
    expect({ started: walked.started, error: walked.error }).toEqual({ started: true, error: undefined });
    expect(walked.resolvers.length).toBeGreaterThan(0);
  });

  it('walks the arguments of the big subgraph, not nothing', async () => {
    const crm = await walk('crm');
    expect(crm.resolvers).toEqual(expect.arrayContaining(['CustomersResolver', 'DealsResolver', 'AuditLogResolver']));
    expect(crm.arguments).toBeGreaterThan(50);
  });
});

/* A fixture subgraph with deliberately unvalidated arguments. */

@InputType()
class FixtureFilter {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5)
  name?: string | null;
}

@InputType()
class CarelessInput {
  @Field()
  @IsNotEmpty()
  title: string;

  // No rule at all.
  @Field(() => String, { nullable: true })
  note?: string | null;

  // An ID with a rule, but not a uuid one.
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  ownerId?: string | null;
}

@ObjectType()
@Directive('@key(fields: "id")')
class FixtureRecord {
  @Field(() => ID)
  id: string;
}

@Resolver(() => FixtureRecord)
class FixtureResolver {
  // `X | null` reflects as Object, which the input pipe alone would skip; the schema type makes it validated.
  @Query(() => [FixtureRecord])
  records(@Args('filter', { type: () => FixtureFilter, nullable: true }) filter: FixtureFilter | null): FixtureRecord[] {
    return [{ id: filter?.name ?? 'none' }];
  }

  @Query(() => FixtureRecord)
  checked(@IdArg('id', 'FixtureRecord') id: string): FixtureRecord {
    return { id };
  }

  // Unvalidated: a scalar without a rule.
  @Query(() => FixtureRecord)
  unchecked(@Args('id', { type: () => ID }) id: string): FixtureRecord {
    return { id };
  }

  // Unvalidated: an input with a field without rules and an ID without a uuid rule.
  @Query(() => FixtureRecord)
  careless(@Args('input') input: CarelessInput): FixtureRecord {
    return { id: input.title };
  }

  // Unvalidated: a reference taken as it comes.
  @ResolveReference()
  resolveReference(reference: { id: string }): FixtureRecord {
    return { id: reference.id };
  }
}

@ObjectType()
@Directive('@key(fields: "id")')
class CheckedRecord {
  @Field(() => ID)
  id: string;
}

class CheckedReference {
  @IsRecordId('CheckedRecord')
  id: string;
}

/** CheckedRecord stands for an entity another subgraph owns: this one resolves its references and adds fields. */
@Resolver(() => CheckedRecord)
class CheckedRecordResolver {
  @ResolveReference()
  resolveReference(@Reference() reference: CheckedReference): CheckedRecord {
    return { id: reference.id };
  }

  @ResolveField(() => String)
  label(@Reference() record: CheckedReference): string {
    return `#${record.id}`;
  }

  // Unvalidated: the gateway's representation taken as it comes.
  @ResolveField(() => String)
  careless(@Parent() record: CheckedRecord): string {
    return record.id;
  }
}

@Module({ imports: [SubgraphModule.forRoot({ service: 'fixture', extendedEntities: [CheckedRecord] })], providers: [FixtureResolver, CheckedRecordResolver] })
class FixtureSubgraph {}

describe('a subgraph with unvalidated arguments', () => {
  const reflected = (method: keyof FixtureResolver) => Reflect.getMetadata('design:paramtypes', FixtureResolver.prototype, method)[0];
  const swcReflected = reflected('records');
  let app: INestApplication;
  let startup: Error | undefined;

  beforeAll(async () => {
    app = await NestFactory.create(FixtureSubgraph, { logger: false, abortOnError: false });
    startup = await app.init().then(
      () => undefined,
      (err: Error) => err,
    );
  });
  afterAll(() => app?.close());

  it('is refused at start-up, naming each argument and what it lacks', () => {
    expect(startup?.message.split('\n')).toEqual([
      'fixture: resolver arguments without validation rules:',
      expect.stringMatching(/^ {2}- FixtureResolver\.careless\(input\): CarelessInput\.note has no class-validator rule/),
      '  - FixtureResolver.careless(input): CarelessInput.ownerId is an ID without @IsUUID or @IsRecordId',
      expect.stringMatching(/^ {2}- FixtureResolver\.unchecked\(id\): a ID argument without a rule/),
      expect.stringMatching(/^ {2}- FixtureResolver\.resolveReference\(reference\): take the reference as @Reference\(\)/),
      expect.stringMatching(/^ {2}- CheckedRecordResolver\.careless\(parent\): take the reference as @Reference\(\)/),
    ]);
  });

  it('and the walk lists the same, for this resolver only', () => {
    const resolvers = resolversIn(app.get(ModulesContainer)) as Type<unknown>[];
    expect(resolvers).toEqual([FixtureResolver, CheckedRecordResolver]);
    expect(unvalidatedArguments(resolvers, [CheckedRecord])).toHaveLength(5);
    expect(unvalidatedArguments(resolvers)).toHaveLength(4);
    expect(resolverArguments(FixtureResolver).map((a) => `${a.method}(${a.name})`)).toEqual([
      'careless(input)',
      'checked(id)',
      'records(filter)',
      'unchecked(id)',
    ]);
  });

  describe('the arguments that do have rules are held to them', () => {
    const run = async (source: string) => {
      const result = await graphql({ schema: app.get(GraphQLSchemaHost).schema, source, contextValue: createRequestContext() });
      return { data: result.data, errors: result.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })) };
    };

    it('an input typed `X | null` reaches the pipe as X: swc reflected Object, the schema type won', async () => {
      expect(swcReflected).toBe(Object);
      expect(reflected('records')).toBe(FixtureFilter);
      expect(await run('{ records(filter: { name: "Ada" }) { id } }')).toEqual({ data: { records: [{ id: 'Ada' }] }, errors: undefined });
      expect(await run('{ records(filter: { name: "Adalovelace" }) { id } }')).toEqual({
        data: null,
        errors: [{ message: 'Invalid input: name: name must be shorter than or equal to 5 characters', code: 'BAD_USER_INPUT' }],
      });
      expect(await run('{ records { id } }')).toEqual({ data: { records: [{ id: 'none' }] }, errors: undefined });
    });

    it('a federation reference taken with @Reference(): its key is a uuid, or the entity is NOT_FOUND', async () => {
      const id = '6f1c2b4e-8a1d-4c3e-9b7a-0d2e5f6a7b8c';
      const entities = (ids: string[]) =>
        graphql({
          schema: app.get(GraphQLSchemaHost).schema,
          source: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on CheckedRecord { id label } } }',
          variableValues: { r: ids.map((key) => ({ __typename: 'CheckedRecord', id: key })) },
          contextValue: createRequestContext(),
        });
      const result = await entities(['nope', id]);
      expect(result.data).toEqual({ _entities: [null, { id, label: `#${id}` }] });
      expect(result.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([['CheckedRecord nope does not exist', 'NOT_FOUND']]);
    });

    it('an ID argument: a uuid passes, anything else names no record', async () => {
      const id = '6f1c2b4e-8a1d-4c3e-9b7a-0d2e5f6a7b8c';
      expect(await run(`{ checked(id: "${id}") { id } }`)).toEqual({ data: { checked: { id } }, errors: undefined });
      expect(await run(`{ checked(id: "' OR 1=1 --") { id } }`)).toEqual({
        data: null,
        errors: [{ message: "FixtureRecord ' OR 1=1 -- does not exist", code: 'NOT_FOUND' }],
      });
    });
  });
});
