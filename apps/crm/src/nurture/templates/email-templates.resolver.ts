import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PageArgs, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { CreateEmailTemplateInput } from './dto/create-email-template.input';
import { EmailTemplate, EmailTemplateConnection } from './email-template.model';
import { EmailTemplatesService } from './email-templates.service';

@Resolver(() => EmailTemplate)
export class EmailTemplatesResolver {
  constructor(private readonly service: EmailTemplatesService) {}

  @Allow('sequence:manage')
  @Mutation(() => EmailTemplate, { description: 'Creates an email template. BAD_USER_INPUT for an unknown placeholder, CONFLICT if the name is taken.' })
  createEmailTemplate(@Args('input') input: CreateEmailTemplateInput, @Context() context: RequestContext): Promise<EmailTemplate> {
    return this.service.create(input, context.identity);
  }

  @Allow('sequence:read')
  @Query(() => EmailTemplateConnection, { description: 'Email templates, oldest first.' })
  async emailTemplates(@Args() { first, after }: PageArgs): Promise<EmailTemplateConnection> {
    return toConnection(await this.service.list(first, after), (t) => ({ at: t.createdAt, id: t.id }));
  }
}
