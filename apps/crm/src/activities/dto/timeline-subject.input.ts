import { InputType } from '@nestjs/graphql';
import { RecordLinksInput } from '../../shared/record-links.input';

@InputType({ description: 'Whose timeline: exactly one of the ids.' })
export class TimelineSubjectInput extends RecordLinksInput {}
