import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IdArg, loaderFor, PageArgs, toSortedConnection, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import { CreatePipelineInput } from './dto/create-pipeline.input';
import { AddPipelineStageArgs, ReorderPipelineStagesArgs } from './dto/stage-commands.args';
import { Pipeline, PipelineConnection, PipelineStage } from './pipeline.model';
import { PIPELINE_ORDER, PipelinesService } from './pipelines.service';

@Resolver(() => Pipeline)
export class PipelinesResolver {
  constructor(private readonly service: PipelinesService) {}

  @Allow('pipeline:manage')
  @Mutation(() => Pipeline, { description: 'Creates a pipeline with its ordered stages. CONFLICT if the name is taken.' })
  createPipeline(@Args('input') input: CreatePipelineInput, @Context() context: RequestContext): Promise<Pipeline> {
    return this.service.create(input, context.identity);
  }

  @Allow('pipeline:manage')
  @Mutation(() => Pipeline, { description: 'Adds a stage to a pipeline (default: last). CONFLICT if the name is taken in it.' })
  addPipelineStage(@Args() { pipelineId, ...stage }: AddPipelineStageArgs, @Context() context: RequestContext): Promise<Pipeline> {
    return this.service.addStage(pipelineId, stage, context.identity);
  }

  @Allow('pipeline:manage')
  @Mutation(() => Pipeline, { description: 'Reorders the stages of a pipeline: stageIds lists each of its stages once.' })
  reorderPipelineStages(@Args() { pipelineId, stageIds }: ReorderPipelineStagesArgs, @Context() context: RequestContext): Promise<Pipeline> {
    return this.service.reorderStages(pipelineId, stageIds, context.identity);
  }

  @Allow('pipeline:read')
  @Query(() => Pipeline, { description: 'One pipeline; NOT_FOUND if there is none with this id.' })
  pipeline(@IdArg('id', 'Pipeline') id: string): Promise<Pipeline> {
    return this.service.get(id);
  }

  @Allow('pipeline:read')
  @Query(() => PipelineConnection, { description: 'Pipelines, oldest first.' })
  async pipelines(@Args() { first, after }: PageArgs): Promise<PipelineConnection> {
    const page = await this.service.list(first, after);
    return toSortedConnection(
      page,
      PIPELINE_ORDER,
      (p) => p.createdAt,
      (p) => p.id,
    );
  }

  @Allow('pipeline:read')
  @ResolveField(() => [PipelineStage], { description: 'The stages, in order.' })
  stages(@Parent() pipeline: Pipeline, @Context() context: RequestContext): Promise<PipelineStage[]> {
    return loaderFor<string, PipelineStage[]>(context, 'pipelineStages', async (ids) => {
      const stages = await this.service.stagesOf(ids);
      return ids.map((id) => stages.filter((s) => s.pipelineId === id));
    }).load(pipeline.id);
  }
}
