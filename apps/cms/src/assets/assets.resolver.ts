import { Args, Query, Resolver } from '@nestjs/graphql';
import { IdArg, PageArgs, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Asset, AssetConnection } from './asset.model';
import { AssetsService } from './assets.service';

@Resolver(() => Asset)
export class AssetsResolver {
  constructor(private readonly service: AssetsService) {}

  @Allow('asset:read')
  @Query(() => Asset, { description: 'NOT_FOUND if there is none.' })
  async asset(@IdArg('id', 'Asset') id: string): Promise<Asset> {
    const asset = await this.service.get(id);
    return { ...asset, url: this.service.urlOf(asset.id) };
  }

  @Allow('asset:read')
  @Query(() => AssetConnection, { description: 'Uploaded assets, oldest first.' })
  async assets(@Args() { first, after }: PageArgs): Promise<AssetConnection> {
    const page = await this.service.list(first, after);
    return toConnection({ ...page, nodes: page.nodes.map((a) => ({ ...a, url: this.service.urlOf(a.id) })) }, (a) => ({ at: a.createdAt, id: a.id }));
  }
}
