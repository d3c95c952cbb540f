import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Embedded, Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { CrmErasureResult } from '@throughline/contracts';
import { PostalAddress } from '../shared/postal-address.embeddable';

export const accountKinds = ['business', 'consumer'] as const;
export type AccountKind = (typeof accountKinds)[number];

export const serviceLevels = ['standard', 'gold', 'platinum'] as const;
export type ServiceLevel = (typeof serviceLevels)[number];

/** A customer in the front office. Its customerNo is the key shared with the ERP customer master. */
@Entity({ tableName: 'account' })
export class Account {
  [OptionalProps]?: 'kind' | 'serviceLevel' | 'creditHold' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  customerNo!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Enum({ items: () => [...accountKinds] })
  kind: AccountKind = 'business';

  /** Primary email, lower case; one account per email. */
  @Property({ type: 'string', length: 254, unique: true })
  email!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  phone?: string;

  @Embedded(() => PostalAddress, { prefix: 'billing_', nullable: true })
  billingAddress?: PostalAddress;

  /** Where goods and service visits go; routing uses it before the billing address. */
  @Embedded(() => PostalAddress, { prefix: 'shipping_', nullable: true })
  shippingAddress?: PostalAddress;

  /** The account owner in sales, e.g. a user name. */
  @Property({ type: 'string', length: 100, nullable: true })
  owner?: string;

  @Enum({ items: () => [...serviceLevels] })
  serviceLevel: ServiceLevel = 'standard';

  /** The ERP customer master this account is linked to, once onboarding has linked them. */
  @Property({ type: 'uuid', nullable: true })
  erpCustomerId?: string;

  @Property({ type: 'datetime', nullable: true })
  erpLinkedAt?: Date;

  /** Mirrored from ERP; read-only in CRM. */
  @Property({ type: 'boolean' })
  creditHold = false;

  /** When the customer's personal data was erased (right to be forgotten); unset otherwise. */
  @Property({ type: 'datetime', nullable: true })
  erasedAt?: Date;

  /** The erasure that did it, e.g. the erasure process's business key. */
  @Property({ type: 'string', length: 200, nullable: true })
  erasureRef?: string;

  /** What the erasure did, in counts: a repeat returns it and changes nothing. */
  @Property({ type: 'json', nullable: true })
  erasureSummary?: CrmErasureResult;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
