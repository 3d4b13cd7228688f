import { IsRecordId } from '@platform/graphql';

/** A Product as the gateway sends it: its key, a uuid (else NOT_FOUND). */
export class ProductReference {
  @IsRecordId('Product')
  id: string;
}
