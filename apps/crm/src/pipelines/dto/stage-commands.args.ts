import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { RecordIdField, TextField } from '@platform/graphql';
import { ProbabilityField } from '../../shared/input-fields';

@ArgsType()
export class AddPipelineStageArgs {
  @RecordIdField('Pipeline')
  pipelineId: string;

  @TextField(100, { description: '1 to 100 characters, unique within the pipeline (case-insensitive).' })
  name: string;

  @ProbabilityField()
  probability: number;

  @Field(() => Int, { nullable: true, description: 'Where to insert it (0 = first); default: last. Later stages move down one.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number;
}

@ArgsType()
export class ReorderPipelineStagesArgs {
  @RecordIdField('Pipeline')
  pipelineId: string;

  @Field(() => [ID], { description: 'Every stage id of the pipeline, each once, in the new order.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsUUID('all', { each: true, message: 'stageIds must be UUIDs' })
  stageIds: string[];
}
