import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { Client } from '@temporalio/client';
import {
  type Actor,
  completeTaskUpdate,
  type HumanTask,
  isPartner,
  mayAct,
  parseTaskId,
  type ProcessDefinition,
  ProcessRejections,
  type Role,
  maySeeTask,
  TASK_OVERSEERS,
} from '@throughline/contracts';
import { problemOf } from '@throughline/common';
import { TEMPORAL_CLIENT } from '@throughline/temporal';
import { PROCESS_CATALOG } from '../api.config';
import { requestUpdateId } from '../idempotency/update-id';
import { ProcessService } from '../processes/process.service';
import { translateTemporalError } from '../processes/temporal-errors';
import { catalogTypesClause, quoted } from '../processes/visibility-query';

/** Roles that see every task, whoever may complete it. */

export interface TaskFilter {
  role?: Role;
  process?: string;
  limit: number;
}

/**
 * The task inbox. Tasks live in their workflows: visibility (OpenTaskRoles) finds the processes
 * with open tasks, their `processState` query gives the tasks, and completion is a Workflow
 * Update whose validator checks task, role and decision before anything enters history.
 */
@Injectable()
export class TaskService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(PROCESS_CATALOG) private readonly catalog: readonly ProcessDefinition[],
    private readonly processes: ProcessService,
  ) {}

  /** Open tasks for a role (default: the caller's roles), optionally of one process. */
  async list(filter: TaskFilter, actor: Actor): Promise<HumanTask[]> {
    const seesAll = mayAct(actor, TASK_OVERSEERS);
    if (filter.role && !seesAll && !actor.roles.includes(filter.role)) {
      throw new ForbiddenException({
        code: 'forbidden',
        message: `You do not hold the role ${filter.role}.`,
      });
    }
    // Dealers answer their cases through events; no human task is theirs to see.
    if (isPartner(actor)) return [];
    const roles = filter.role ? [filter.role] : seesAll ? undefined : actor.roles;
    const workflowIds = filter.process
      ? [filter.process]
      : await this.processesWithOpenTasks(roles, filter.limit);
    const tasks: HumanTask[] = [];
    // Asked ten processes at a time: each answer may take up to the query deadline.
    const states = [];
    for (let i = 0; i < workflowIds.length; i += 10) {
      states.push(
        ...(await Promise.all(
          workflowIds
            .slice(i, i + 10)
            .map((id) => this.processes.queryState(this.client.workflow.getHandle(id))),
        )),
      );
    }
    for (const state of states) {
      for (const task of state?.tasks ?? []) {
        if (task.status !== 'open') continue;
        if (roles && !task.roles.some((role) => roles.includes(role))) continue;
        if (!roles && !seesAll) continue;
        tasks.push(task);
      }
    }
    return tasks.sort((a, b) => a.dueAt.localeCompare(b.dueAt)).slice(0, filter.limit);
  }

  async get(id: string, actor: Actor): Promise<HumanTask> {
    this.refusePartner(id, actor);
    const task = await this.find(id);
    if (!maySeeTask(actor, task)) {
      throw new ForbiddenException({
        code: 'forbidden',
        message: `Task ${task.kind} is for ${task.roles.join(' or ')}.`,
      });
    }
    return task;
  }

  /**
   * Completes a task; the process records who and when, and continues exactly once. The same
   * request again (or the same Idempotency-Key, whose Update id is `updateId`) is the same
   * Update: it answers with the completed task, also after the process ended.
   */
  async complete(
    id: string,
    completion: { decision: string; comment?: string; data?: Record<string, unknown> },
    actor: Actor,
    updateId?: string,
  ): Promise<HumanTask> {
    this.refusePartner(id, actor);
    const parsed = this.parse(id);
    const handle = this.client.workflow.getHandle(parsed.workflowId);
    await this.describeOrNotFound(id, handle);
    try {
      return await this.processes.runUpdate(() =>
        handle.executeUpdate(completeTaskUpdate, {
          args: [{ taskId: id, ...completion, actor }],
          updateId: updateId ?? requestUpdateId('complete-task', [actor.userId, id, completion]),
        }),
      );
    } catch (error) {
      if (problemOf(error).code !== 'process-closed') throw error;
      // The process has ended and this is not a repeat of a request it took: say why.
      const task = await this.find(id);
      throw new ConflictException(
        task.status === 'open'
          ? { code: 'process-closed', message: 'The process of this task has ended.' }
          : {
              code: ProcessRejections.taskNotOpen,
              message: `Task ${task.kind} is already ${task.status}.`,
            },
      );
    }
  }

  /** A partner's key (a dealer's) sees no task: every one is 404 to it, as one that does not exist. */
  private refusePartner(id: string, actor: Actor): void {
    if (isPartner(actor)) {
      throw new NotFoundException({ code: 'task-not-found', message: `There is no task ${id}.` });
    }
  }

  private parse(id: string): { workflowId: string; sequence: number } {
    const parsed = parseTaskId(id);
    if (!parsed)
      throw new NotFoundException({ code: 'task-not-found', message: `There is no task ${id}.` });
    return parsed;
  }

  private async describeOrNotFound(
    id: string,
    handle: ReturnType<Client['workflow']['getHandle']>,
  ) {
    try {
      return await this.processes.describe(handle);
    } catch (error) {
      if (error instanceof NotFoundException) {
        throw new NotFoundException({ code: 'task-not-found', message: `There is no task ${id}.` });
      }
      throw error;
    }
  }

  private async find(id: string): Promise<HumanTask> {
    const { workflowId } = this.parse(id);
    const handle = this.client.workflow.getHandle(workflowId);
    await this.describeOrNotFound(id, handle);
    const state = await this.processes.queryState(handle);
    const task = state?.tasks.find((t) => t.id === id);
    if (!task)
      throw new NotFoundException({ code: 'task-not-found', message: `There is no task ${id}.` });
    return task;
  }

  private async processesWithOpenTasks(
    roles: Role[] | undefined,
    limit: number,
  ): Promise<string[]> {
    const roleClause = roles
      ? `OpenTaskRoles IN (${roles.map(quoted).join(', ')})`
      : 'OpenTaskRoles IS NOT NULL';
    const ids: string[] = [];
    try {
      for await (const execution of this.client.workflow.list({
        query: `ExecutionStatus = 'Running' AND ${catalogTypesClause(this.catalog)} AND ${roleClause}`,
        pageSize: Math.min(limit, 100),
      })) {
        ids.push(execution.workflowId);
        if (ids.length >= limit) break;
      }
    } catch (error) {
      throw translateTemporalError(error);
    }
    return ids;
  }
}
