// Every workflow the orchestrator runs; the bundle is built from this file.
export { customerOnboardingWorkflow } from './customer-onboarding/customer-onboarding.workflow';
export { customerErasureWorkflow } from './customer-erasure/customer-erasure.workflow';
export { leadToCashWorkflow } from './lead-to-cash/lead-to-cash.workflow';
export { fulfillmentWorkflow } from './lead-to-cash/fulfillment.workflow';
export { procureToPayWorkflow } from './lead-to-cash/procure-to-pay.workflow';
export { collectionWorkflow } from './lead-to-cash/collection.workflow';
export { serviceCaseWorkflow } from './service-case/service-case.workflow';
