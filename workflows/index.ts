// Every workflow the orchestrator runs; the bundle is built from this file.
export { customerOnboardingWorkflow } from './customer-onboarding/customer-onboarding.workflow';
