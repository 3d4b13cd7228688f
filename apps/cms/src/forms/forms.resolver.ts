import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IdArg, PageArgs, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { CreateFormInput } from './dto/create-form.input';
import { Form, FormConnection, FormSubmissionConnection } from './form.model';
import type { FormRow } from './forms.repository';
import { FormsService } from './forms.service';

@Resolver(() => Form)
export class FormsResolver {
  constructor(private readonly service: FormsService) {}

  @Allow('form:manage')
  @Mutation(() => Form, { description: 'A form on content (or a gated download of an asset). NOT_FOUND for an unknown entry or asset.' })
  createForm(@Args('input') input: CreateFormInput, @Context() context: RequestContext): Promise<FormRow> {
    return this.service.create(input, context.identity);
  }

  @Allow('form:read')
  @Query(() => Form)
  form(@IdArg('id', 'Form') id: string): Promise<FormRow> {
    return this.service.get(id);
  }

  @Allow('form:read')
  @Query(() => FormConnection, { description: 'Forms, oldest first.' })
  async forms(@Args() { first, after }: PageArgs): Promise<FormConnection> {
    return toConnection(await this.service.list(first, after), (f) => ({ at: f.createdAt, id: f.id }));
  }

  @Allow('form.submission:read')
  @Query(() => FormSubmissionConnection, { description: "A form's submissions, oldest first: personal data." })
  async formSubmissions(@IdArg('formId', 'Form') formId: string, @Args() { first, after }: PageArgs): Promise<FormSubmissionConnection> {
    return toConnection(await this.service.submissions(formId, first, after), (s) => ({ at: s.submittedAt, id: s.id }));
  }
}
