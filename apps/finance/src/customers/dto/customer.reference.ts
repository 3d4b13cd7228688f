import { IsRecordId } from '@platform/graphql';

/** A Customer (crm owns it) as the gateway sends it for the fields this subgraph adds: its key, a uuid (else NOT_FOUND). */
export class CustomerReference {
  @IsRecordId('Customer')
  id: string;
}
