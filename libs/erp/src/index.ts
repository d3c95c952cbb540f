export * from './erp.context';
export * from './erp.policy';
export * from './erp-domain.module';
export * from './customers/customer.entity';
export * from './customers/customer.service';
export * from './customers/customer.view';
export * from './shared/billing-address.embeddable';
