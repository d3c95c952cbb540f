import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { z } from 'zod';
import type { CustomerProcesses } from '@throughline/contracts';
import { parseActivityInput } from '@throughline/common';
import { TEMPORAL_CLIENT } from '@throughline/temporal';

const customerProcessesSchema = z
  .object({
    customerNo: z.string().regex(/^C-\d{6,}$/, 'a customer number such as C-000042'),
    /** Workflow types left out (the erasure does not count or delete itself). */
    excludeWorkflowTypes: z.array(z.string().regex(/^[A-Za-z0-9]+$/)).max(10),
  })
  .strict();

export type CustomerProcessesInput = z.infer<typeof customerProcessesSchema>;

/**
 * Activities about the processes themselves, on the orchestrator's queue: what Temporal holds
 * about a customer (by the CustomerNo search attribute, which every process and child of that
 * customer carries), and deleting the histories of the closed ones when the customer is erased.
 */
@Injectable()
export class ProcessRecordsActivities {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  private query(input: CustomerProcessesInput, status?: 'Running' | 'closed'): string {
    const clauses = [`CustomerNo = "${input.customerNo}"`];
    for (const type of input.excludeWorkflowTypes) clauses.push(`WorkflowType != "${type}"`);
    if (status === 'Running') clauses.push(`ExecutionStatus = "Running"`);
    if (status === 'closed') clauses.push(`ExecutionStatus != "Running"`);
    return clauses.join(' AND ');
  }

  /** The customer's running processes and how many closed ones there are. */
  async customerProcesses(raw: CustomerProcessesInput): Promise<CustomerProcesses> {
    const input = parseActivityInput(customerProcessesSchema, raw);
    const running: string[] = [];
    for await (const execution of this.client.workflow.list({
      query: this.query(input, 'Running'),
    })) {
      running.push(execution.workflowId);
    }
    const { count } = await this.client.workflow.count(this.query(input, 'closed'));
    return { running: running.sort(), closed: count };
  }

  /**
   * Deletes every closed execution of the customer (histories, with the payloads that hold the
   * person's data) from Temporal. Running ones are left alone. Idempotent: a retry deletes what
   * is left; visibility may list a deleted execution for a moment, and deleting it again is
   * "not found", which counts as done.
   */
  async deleteClosedCustomerProcesses(raw: CustomerProcessesInput): Promise<{ deleted: number }> {
    const input = parseActivityInput(customerProcessesSchema, raw);
    let deleted = 0;
    for await (const execution of this.client.workflow.list({
      query: this.query(input, 'closed'),
    })) {
      try {
        await this.client.workflowService.deleteWorkflowExecution({
          namespace: this.client.options.namespace,
          workflowExecution: { workflowId: execution.workflowId, runId: execution.runId },
        });
        deleted += 1;
      } catch (error) {
        if ((error as { code?: number }).code !== 5 /* NOT_FOUND */) throw error;
      }
    }
    return { deleted };
  }
}
