import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsOptional } from 'class-validator';
import { NestedField, TextField } from '@platform/graphql';
import { ProbabilityField } from '../../shared/input-fields';

@InputType()
export class PipelineStageInput {
  @TextField(100, { description: 'Stage name, 1 to 100 characters, unique within the pipeline (case-insensitive).' })
  name: string;

  @ProbabilityField()
  probability: number;
}

@InputType()
export class CreatePipelineInput {
  @TextField(100, { description: 'Pipeline name, 1 to 100 characters, unique (case-insensitive).' })
  name: string;

  @NestedField(
    PipelineStageInput,
    { list: true, description: 'The stages in order, 1 to 30.' },
    ArrayMinSize(1, { message: 'a pipeline needs at least one stage' }),
    ArrayMaxSize(30, { message: 'a pipeline has at most 30 stages' }),
  )
  stages: PipelineStageInput[];

  @Field({ nullable: true, description: 'Make this the default pipeline (the previous default stops being one).' })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}
