import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PageArgs, RecordKey, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { ContentType, ContentTypeConnection } from './content-type.model';
import { ContentTypesService } from './content-types.service';
import { API_ID, CreateContentTypeInput } from './dto/create-content-type.input';
import { UpdateContentTypeInput } from './dto/update-content-type.input';

@Resolver(() => ContentType)
export class ContentTypesResolver {
  constructor(private readonly service: ContentTypesService) {}

  @Allow('contentType:create')
  @Mutation(() => ContentType, { description: 'Defines a content type. CONFLICT if the apiId is taken; BAD_USER_INPUT for invalid fields.' })
  createContentType(@Args('input') input: CreateContentTypeInput, @Context() context: RequestContext): Promise<ContentType> {
    return this.service.create(input, context.identity);
  }

  @Allow('contentType:update')
  @Mutation(() => ContentType, {
    description: 'Changes a content type. INCOMPATIBLE_TYPE_CHANGE, naming the entries, when saved entries would no longer be valid.',
  })
  updateContentType(@Args('input') input: UpdateContentTypeInput, @Context() context: RequestContext): Promise<ContentType> {
    return this.service.update(input, context.identity);
  }

  @Allow('contentType:read')
  @Query(() => ContentType, { description: 'NOT_FOUND if no content type has this apiId.' })
  contentType(@Args('apiId', new RecordKey('ContentType', API_ID)) apiId: string): Promise<ContentType> {
    return this.service.getByApiId(apiId);
  }

  @Allow('contentType:read')
  @Query(() => ContentTypeConnection, { description: 'Content types, oldest first.' })
  async contentTypes(@Args() { first, after }: PageArgs): Promise<ContentTypeConnection> {
    return toConnection(await this.service.list(first, after), (t) => ({ at: t.createdAt, id: t.id }));
  }
}
