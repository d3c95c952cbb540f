import type { CaseKind, CasePriority, CaseStatus, ServiceCase } from './service-case.entity';

export interface ServiceCaseView {
  id: string;
  caseNo: string;
  customerNo: string;
  serialNo?: string;
  kind: CaseKind;
  priority: CasePriority;
  symptom: string;
  inWarranty: boolean;
  openedAt: string;
  slaDueAt: string;
  status: CaseStatus;
  dealer?: { id: string; code: string; name: string };
  assignedAt?: string;
  resolution?: string;
  resolvedAt?: string;
  satisfaction?: number;
  closedAt?: string;
}

/** Needs account, asset and dealer populated. */
export function toServiceCaseView(serviceCase: ServiceCase): ServiceCaseView {
  const { dealer, asset } = serviceCase;
  return {
    id: serviceCase.id,
    caseNo: serviceCase.caseNo,
    customerNo: serviceCase.account.customerNo,
    ...(asset ? { serialNo: asset.serialNo } : {}),
    kind: serviceCase.kind,
    priority: serviceCase.priority,
    symptom: serviceCase.symptom,
    inWarranty: serviceCase.inWarranty,
    openedAt: serviceCase.openedAt.toISOString(),
    slaDueAt: serviceCase.slaDueAt.toISOString(),
    status: serviceCase.status,
    ...(dealer ? { dealer: { id: dealer.id, code: dealer.code, name: dealer.name } } : {}),
    ...(serviceCase.assignedAt ? { assignedAt: serviceCase.assignedAt.toISOString() } : {}),
    ...(serviceCase.resolution ? { resolution: serviceCase.resolution } : {}),
    ...(serviceCase.resolvedAt ? { resolvedAt: serviceCase.resolvedAt.toISOString() } : {}),
    ...(serviceCase.satisfaction ? { satisfaction: serviceCase.satisfaction } : {}),
    ...(serviceCase.closedAt ? { closedAt: serviceCase.closedAt.toISOString() } : {}),
  };
}
