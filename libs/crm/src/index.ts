export * from './crm.context';
export * from './crm-domain.module';
export * from './accounts/account.entity';
export * from './accounts/account.service';
export * from './accounts/account.view';
export * from './accounts/customer-number.rule';
export * from './shared/postal-address.embeddable';
