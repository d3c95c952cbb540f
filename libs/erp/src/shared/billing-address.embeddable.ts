import { Embeddable, Property } from '@mikro-orm/decorators/legacy';

@Embeddable()
export class BillingAddress {
  @Property({ type: 'string', length: 200 })
  line1!: string;

  @Property({ type: 'string', length: 100 })
  city!: string;

  @Property({ type: 'string', length: 20 })
  postalCode!: string;

  @Property({ type: 'string', length: 2 })
  country!: string;
}
