import { InputType } from '@nestjs/graphql';
import { TextField } from '@platform/graphql';

@InputType()
export class CreateTrackingSourceInput {
  @TextField(100, { description: '1 to 100 characters, e.g. "Website".' })
  name: string;
}
