import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';

@ObjectType({ description: 'A step of a pipeline, with the chance (percent) that a deal in it is won.' })
export class PipelineStage {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  pipelineId: string;

  @Field()
  name: string;

  @Field(() => Int, { description: 'Order within the pipeline, from 0.' })
  position: number;

  @Field(() => Int, { description: 'Win probability in percent, 0 to 100.' })
  probability: number;
}

@ObjectType({ description: 'An ordered sequence of stages deals move through.' })
export class Pipeline {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'New deals without a pipeline go into the default one.' })
  isDefault: boolean;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class PipelineConnection extends Connection(Pipeline) {}
