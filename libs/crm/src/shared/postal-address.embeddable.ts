import { Embeddable, Property } from '@mikro-orm/decorators/legacy';

/** A postal address with its coordinates (used to route service work to the nearest dealer). */
@Embeddable()
export class PostalAddress {
  @Property({ type: 'string', length: 200 })
  line1!: string;

  @Property({ type: 'string', length: 100 })
  city!: string;

  @Property({ type: 'string', length: 20 })
  postalCode!: string;

  @Property({ type: 'string', length: 2 })
  country!: string;

  @Property({ type: 'double', nullable: true })
  latitude?: number;

  @Property({ type: 'double', nullable: true })
  longitude?: number;
}
