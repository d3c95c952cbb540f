export * from './task-queues';
export * from './search-attributes';
export * from './processes/process-state';
export * from './processes/process-policy';
export * from './processes/customer-onboarding.contract';
export * from './processes/catalog';
