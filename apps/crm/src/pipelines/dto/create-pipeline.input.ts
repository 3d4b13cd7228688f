import { Field, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsInt, IsNotEmpty, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { trim } from '@platform/graphql';

@InputType()
export class PipelineStageInput {
  @Field({ description: 'Stage name, 1 to 100 characters, unique within the pipeline (case-insensitive).' })
  @Transform(trim)
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field(() => Int, { description: 'Win probability in percent, 0 to 100.' })
  @IsInt()
  @Min(0)
  @Max(100)
  probability: number;
}

@InputType()
export class CreatePipelineInput {
  @Field({ description: 'Pipeline name, 1 to 100 characters, unique (case-insensitive).' })
  @Transform(trim)
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field(() => [PipelineStageInput], { description: 'The stages in order, 1 to 30.' })
  @ArrayMinSize(1, { message: 'a pipeline needs at least one stage' })
  @ArrayMaxSize(30, { message: 'a pipeline has at most 30 stages' })
  @ValidateNested({ each: true })
  @Type(() => PipelineStageInput)
  stages: PipelineStageInput[];

  @Field({ nullable: true, description: 'Make this the default pipeline (the previous default stops being one).' })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}
