import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { IdArg } from '@platform/graphql';
import { Allow } from '@platform/service';
import { ReserveStockInput } from './dto/reserve-stock.input';
import { Reservation } from './reservation.model';
import { ReservationsService } from './reservations.service';

@Resolver(() => Reservation)
export class ReservationsResolver {
  constructor(private readonly service: ReservationsService) {}

  @Allow('stock:reserve')
  @Mutation(() => Reservation, { description: 'Holds units of a product atomically: all of them, or INSUFFICIENT_STOCK with extensions.available.' })
  reserveStock(@Args('input') input: ReserveStockInput): Promise<Reservation> {
    return this.service.reserve(input);
  }

  @Allow('stock:reserve')
  @Mutation(() => Reservation, { description: 'Keeps a hold past its expiry. RESERVATION_CLOSED once released or expired.' })
  confirmReservation(@IdArg('id', 'Reservation') id: string): Promise<Reservation> {
    return this.service.confirm(id);
  }

  @Allow('stock:reserve')
  @Mutation(() => Reservation, { description: 'Gives a hold back. RESERVATION_CLOSED once released or expired.' })
  releaseReservation(@IdArg('id', 'Reservation') id: string): Promise<Reservation> {
    return this.service.release(id);
  }
}
