import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';
import { TextField, trim } from '@platform/graphql';

@InputType()
export class CreateWarehouseInput {
  @Field({ description: '1 to 20 letters, digits or "-"; unique without regard to case.' })
  @Transform(trim)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{0,19}$/, { message: 'code must be 1 to 20 letters, digits or "-"' })
  code: string;

  @TextField(200)
  name: string;
}
