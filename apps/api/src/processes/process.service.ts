import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type WorkflowExecutionDescription,
  type WorkflowHandle,
} from '@temporalio/client';
import {
  findProcessDefinition,
  processCatalog,
  type ProcessDefinition,
  type ProcessState,
  processStateQuery,
  processWorkflowId,
  SearchAttributes,
  TaskQueues,
} from '@throughline/contracts';
import { fieldErrorsOf, openApiSchemaOf, ValidationProblem } from '@throughline/common';
import { TEMPORAL_CLIENT } from '@throughline/temporal';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { isTemporalUnavailable, temporalUnavailable } from './temporal-errors';
import { statusOf, type ProcessView } from './process.view';

export interface ProcessTypeView {
  type: string;
  title: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** Starts and reads processes through the Temporal client; the API's only engine access. */
@Injectable()
export class ProcessService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  listTypes(): ProcessTypeView[] {
    return processCatalog.map((definition) => ({
      type: definition.type,
      title: definition.title,
      description: definition.description,
      inputSchema: openApiSchemaOf(definition.input),
    }));
  }

  definitionOf(type: string): ProcessDefinition {
    const definition = findProcessDefinition(type);
    if (!definition) {
      throw new NotFoundException({
        code: 'unknown-process-type',
        message: `There is no process type "${type}"; GET /processes/types lists them.`,
      });
    }
    return definition;
  }

  /**
   * Starts the process for the business key in the input, or finds the one that already exists
   * for it (running, or finished without failing): a repeated request never starts a second.
   */
  async start(
    type: string,
    body: unknown,
    startedBy: string,
  ): Promise<{ created: boolean; process: ProcessView }> {
    const definition = this.definitionOf(type);
    const parsed = definition.input.safeParse(body);
    if (!parsed.success) throw new ValidationProblem(fieldErrorsOf(parsed.error));
    const businessKey = definition.businessKey(parsed.data);
    const workflowId = processWorkflowId(definition.type, businessKey);
    let created = true;
    try {
      await this.client.workflow.start(definition.workflowType, {
        taskQueue: TaskQueues.processes,
        workflowId,
        args: [
          definition.workflowInput(parsed.data, {
            policy: { activityTimeoutMs: this.config.PROCESS_ACTIVITY_TIMEOUT_MS },
            startedBy,
          }),
        ],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        typedSearchAttributes: [
          { key: SearchAttributes.businessKey, value: businessKey },
          { key: SearchAttributes.processStage, value: 'started' },
        ],
        memo: { title: definition.title, businessKey, startedBy },
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) created = false;
      else throw this.translate(error);
    }
    return { created, process: await this.get(workflowId) };
  }

  /** The process's type, status and stage from Temporal, with the state the workflow reports. */
  async get(id: string): Promise<ProcessView> {
    const handle = this.client.workflow.getHandle(id);
    let description: WorkflowExecutionDescription;
    try {
      description = await handle.describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new NotFoundException({
          code: 'process-not-found',
          message: `There is no process "${id}".`,
        });
      }
      throw this.translate(error);
    }
    const state = await this.queryState(handle);
    const definition = processCatalog.find((d) => d.workflowType === description.type);
    const status = statusOf(description.status.name);
    const view: ProcessView = {
      id,
      type: definition?.type ?? description.type,
      status,
      stage: state?.stage ?? description.typedSearchAttributes.get(SearchAttributes.processStage),
      businessKey:
        state?.businessKey ?? description.typedSearchAttributes.get(SearchAttributes.businessKey),
      customerNo:
        state?.customerNo ?? description.typedSearchAttributes.get(SearchAttributes.customerNo),
      startedAt: description.startTime.toISOString(),
      ...(description.closeTime ? { closedAt: description.closeTime.toISOString() } : {}),
      documents: state?.documents ?? {},
      steps: state?.steps ?? [],
      links: {
        self: `/processes/${encodeURIComponent(id)}`,
        temporalUi: `${this.config.TEMPORAL_UI_URL.replace(/\/$/, '')}/namespaces/${this.config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(id)}`,
      },
    };
    if (status === 'completed') view.result = state?.result ?? (await handle.result());
    if (status === 'failed') view.failure = await this.failureOf(handle);
    return view;
  }

  /** The workflow's own account of itself; undefined when no worker can answer in time. */
  private async queryState(handle: WorkflowHandle): Promise<ProcessState | undefined> {
    try {
      return await this.client.connection.withDeadline(Date.now() + 5000, () =>
        handle.query(processStateQuery),
      );
    } catch {
      return undefined;
    }
  }

  private async failureOf(handle: WorkflowHandle): Promise<{ message: string; type?: string }> {
    try {
      await handle.result();
      return { message: 'unknown failure' };
    } catch (error) {
      const cause = (error as { cause?: { message?: string; type?: string } }).cause;
      return {
        message: cause?.message ?? (error instanceof Error ? error.message : String(error)),
        ...(cause?.type ? { type: cause.type } : {}),
      };
    }
  }

  private translate(error: unknown): unknown {
    return isTemporalUnavailable(error) ? temporalUnavailable() : error;
  }
}
