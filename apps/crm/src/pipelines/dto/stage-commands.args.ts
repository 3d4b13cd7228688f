import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsNotEmpty, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsRecordId, trim } from '@platform/graphql';

@ArgsType()
export class AddPipelineStageArgs {
  @Field(() => ID)
  @IsRecordId('Pipeline')
  pipelineId: string;

  @Field({ description: '1 to 100 characters, unique within the pipeline (case-insensitive).' })
  @Transform(trim)
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field(() => Int, { description: 'Win probability in percent, 0 to 100.' })
  @IsInt()
  @Min(0)
  @Max(100)
  probability: number;

  @Field(() => Int, { nullable: true, description: 'Where to insert it (0 = first); default: last. Later stages move down one.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number;
}

@ArgsType()
export class ReorderPipelineStagesArgs {
  @Field(() => ID)
  @IsRecordId('Pipeline')
  pipelineId: string;

  @Field(() => [ID], { description: "Every stage id of the pipeline, each once, in the new order." })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsUUID('all', { each: true, message: 'stageIds must be UUIDs' })
  stageIds: string[];
}
