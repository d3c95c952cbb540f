export * from './crm.activities';
