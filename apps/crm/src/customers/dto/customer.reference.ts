import { IsRecordId } from '@platform/graphql';

/** A Customer as the gateway names it to resolve it for another subgraph: its key, a uuid (else NOT_FOUND). */
export class CustomerReference {
  @IsRecordId('Customer')
  id: string;
}
