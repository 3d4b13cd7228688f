import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';

@ObjectType({ description: 'An uploaded file. Upload with a multipart POST to /cms/assets (field "file").' })
export class Asset {
  @Field(() => ID)
  id: string;

  @Field()
  fileName: string;

  @Field({ description: 'Told from the bytes, not the file name.' })
  mimeType: string;

  @Field(() => Int)
  sizeBytes: number;

  @Field(() => Int, { nullable: true })
  width: number | null;

  @Field(() => Int, { nullable: true })
  height: number | null;

  @Field({ description: 'Where a browser fetches it (gated assets only through a download link).' })
  url: string;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class AssetConnection extends Connection(Asset) {}
