import {
  ApplicationFailure,
  condition,
  isCancellation,
  patched,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type Actor,
  type AuditEntry,
  mayAct,
  type Role,
  SearchAttributes,
  taskId,
  type CancelProcessRequest,
  cancelProcessUpdate,
  completeTaskUpdate,
  type HumanTask,
  processEventUpdate,
  ProcessRejections,
  type ProcessState,
  processStateQuery,
} from '@throughline/contracts';

export interface AskOptions {
  kind: string;
  role: Role;
  summary: string;
  decisions: string[];
  /** When this passes with the task still open, `escalateTo` may complete it too. */
  dueInMs: number;
  escalateTo?: Role;
  /** Counted from creation: an open task then expires and the process goes on without it. */
  expireInMs?: number;
  context?: Record<string, unknown>;
}

export interface ReceivedEvent {
  event: string;
  payload: Record<string, unknown>;
  by: string;
  at: string;
}

/** The patch under which a cancellation request cancels the process's work itself. */
export const CANCEL_IN_ONE_UPDATE = 'cancel-in-one-update';
/** Steps and audit entries a process keeps (the oldest go first): its state stays bounded. */
const MAX_ENTRIES = 300;
const MAX_CLOSED_TASKS = 50;

/** Drops the oldest entries beyond `max`. */
function bound<T>(entries: T[], max: number): void {
  if (entries.length > max) entries.splice(0, entries.length - max);
}

function reject(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** Refuses an event whose payload does not fit the process (from a `checkEvent` check). */
export function refuseEvent(message: string): never {
  reject(ProcessRejections.eventRefused, message);
}

/**
 * What every workflow uses, the same way, to be a process users can follow and act on: its
 * state and the `processState` query, stages and steps, human tasks completed through a
 * validated Workflow Update (with escalation), external events, and cancellation requests.
 * Workflow code only: it calls the Temporal workflow APIs.
 */
export class ProcessRuntime<Result = unknown> {
  readonly state: ProcessState<Result>;
  private sequence = 0;
  private readonly events: ReceivedEvent[] = [];
  private readonly eventChecks = new Map<
    string,
    (payload: Record<string, unknown>, actor: Actor) => void
  >();
  private cancelRefusal?: string;
  private cancelListener?: () => void;

  constructor(options: { type: string; businessKey: string; startedBy: string; summary: string }) {
    this.state = {
      type: options.type,
      businessKey: options.businessKey,
      stage: 'started',
      summary: options.summary,
      startedBy: options.startedBy,
      documents: {},
      steps: [],
      tasks: [],
      audit: [],
      acceptedEvents: [],
      cancellable: false,
    };
    this.audit('started', options.startedBy);
    setHandler(processStateQuery, () => this.state);
    setHandler(completeTaskUpdate, (request) => this.completeTask(request), {
      validator: (request) => this.validateCompletion(request),
    });
    setHandler(
      cancelProcessUpdate,
      (request) => {
        // Asked again (the caller's cancel request may not have reached Temporal): the first
        // request stands, and the caller may deliver the cancellation once more.
        if (this.state.cancellation) return this.state;
        const at = new Date().toISOString();
        this.state.cancellation = { by: request.actor.userId, reason: request.reason, at };
        this.state.cancellable = false;
        this.audit('cancel-requested', request.actor.userId, request.reason);
        // One call cancels: the request itself cancels the process's work (runs recorded before
        // this did so only when the caller's second call, a Temporal cancel, arrived).
        if (this.cancelListener && patched(CANCEL_IN_ONE_UPDATE)) this.cancelListener();
        return this.state;
      },
      {
        validator: (_request: CancelProcessRequest) => {
          if (!this.state.cancellable && !this.state.cancellation) {
            reject(
              ProcessRejections.notCancellable,
              this.cancelRefusal ?? `The process cannot be cancelled at stage ${this.state.stage}.`,
            );
          }
        },
      },
    );
    setHandler(
      processEventUpdate,
      (request) => {
        const at = new Date().toISOString();
        this.events.push({
          event: request.event,
          payload: request.payload,
          by: request.actor.userId,
          at,
        });
        this.audit('event-received', request.actor.userId, request.event);
        return this.state;
      },
      {
        validator: (request) => {
          if (!this.state.acceptedEvents.includes(request.event)) {
            reject(
              ProcessRejections.eventNotAccepted,
              `The process cannot take "${request.event}" at stage ${this.state.stage}.`,
            );
          }
          this.eventChecks.get(request.event)?.(request.payload, request.actor);
        },
      },
    );
  }

  /** Moves to a stage; ops see it in the ProcessStage search attribute. */
  stage(stage: string): void {
    this.state.stage = stage;
    upsertSearchAttributes([{ key: SearchAttributes.processStage, value: stage }]);
  }

  step(step: string, detail?: string): void {
    this.state.steps.push({ step, at: new Date().toISOString(), ...(detail ? { detail } : {}) });
    bound(this.state.steps, MAX_ENTRIES);
  }

  document(kind: string, number: string): void {
    const numbers = (this.state.documents[kind] ??= []);
    if (!numbers.includes(number)) numbers.push(number);
  }

  customer(customerNo: string): void {
    this.state.customerNo = customerNo;
    upsertSearchAttributes([{ key: SearchAttributes.customerNo, value: customerNo }]);
  }

  /**
   * Whether POST /processes/{id}/cancel is accepted now; the workflow decides. `refusal` is the
   * reason the caller reads when it is not (409).
   */
  setCancellable(cancellable: boolean, refusal?: string): void {
    this.state.cancellable = cancellable;
    this.cancelRefusal = cancellable ? undefined : refusal;
  }

  /** Records a document number; ops find the process by it when `attribute` is given. */
  documentAttribute(
    kind: string,
    number: string,
    attribute: 'leadId' | 'quoteNo' | 'orderNo' | 'invoiceNos',
  ): void {
    this.document(kind, number);
    if (attribute === 'invoiceNos') {
      upsertSearchAttributes([
        { key: SearchAttributes.invoiceNos, value: [...this.state.documents[kind]] },
      ]);
    } else {
      upsertSearchAttributes([{ key: SearchAttributes[attribute], value: number }]);
    }
  }

  /** The readable summary ops see in the Temporal UI's memo. */
  memo(fields: Record<string, string | number | boolean | undefined>): void {
    upsertMemo(
      Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
    );
  }

  /**
   * A check of an event's payload (and who sends it) against the process's own state, run in the
   * Update validator:
   * a refusal (throw `refuseEvent`) is answered 422 and never enters history.
   */
  checkEvent(event: string, check: (payload: Record<string, unknown>, actor: Actor) => void): void {
    this.eventChecks.set(event, check);
  }

  /** What cancels the process's work when a cancellation is accepted (its inner scope). */
  onCancelRequested(listener: () => void): void {
    this.cancelListener = listener;
  }

  get cancellationRequested(): boolean {
    return this.state.cancellation !== undefined;
  }

  /** The external events accepted from now on (others get 409). */
  acceptEvents(...events: string[]): void {
    this.state.acceptedEvents = events;
  }

  /** Events of one name that arrived and wait to be taken (for checks against what is queued). */
  pendingEvents(event: string): ReceivedEvent[] {
    return this.events.filter((e) => e.event === event);
  }

  /** Whether one of the events has arrived and waits to be taken with nextEvent. */
  hasEvent(events: string[]): boolean {
    return this.events.some((e) => events.includes(e.event));
  }

  /** Waits for one of the events (up to timeoutMs); undefined on timeout. */
  async nextEvent(events: string[], timeoutMs?: number): Promise<ReceivedEvent | undefined> {
    const arrived = (): boolean => this.events.some((e) => events.includes(e.event));
    if (timeoutMs === undefined) await condition(arrived);
    else if (!(await condition(arrived, timeoutMs))) return undefined;
    const index = this.events.findIndex((e) => events.includes(e.event));
    return this.events.splice(index, 1)[0];
  }

  /**
   * Publishes a human task and waits for its completion. When it is due and still open it
   * escalates (the escalation role may complete it too); when it expires it is closed and
   * returned with status `expired`.
   */
  async ask(options: AskOptions): Promise<HumanTask> {
    const now = Date.now();
    this.sequence += 1;
    const task: HumanTask = {
      id: taskId(workflowInfo().workflowId, this.sequence),
      processId: workflowInfo().workflowId,
      kind: options.kind,
      summary: options.summary,
      roles: [options.role],
      decisions: options.decisions,
      status: 'open',
      createdAt: new Date(now).toISOString(),
      dueAt: new Date(now + options.dueInMs).toISOString(),
      ...(options.context ? { context: options.context } : {}),
    };
    this.state.tasks.push(task);
    this.forgetClosedTasks();
    this.syncTaskRoles();
    const closed = (): boolean => task.status !== 'open';
    const expires = options.expireInMs ?? Number.POSITIVE_INFINITY;
    try {
      // Escalation only matters when the task is due before it expires.
      if (options.escalateTo && options.dueInMs < expires) {
        if (!(await condition(closed, options.dueInMs))) {
          task.escalation = { role: options.escalateTo, at: new Date().toISOString() };
          if (!task.roles.includes(options.escalateTo)) task.roles.push(options.escalateTo);
          this.audit('task-escalated', 'process', `${task.kind} → ${options.escalateTo}`);
          this.syncTaskRoles();
        }
      }
      if (options.expireInMs === undefined) {
        await condition(closed);
      } else if (!(await condition(closed, Math.max(0, now + options.expireInMs - Date.now())))) {
        task.status = 'expired';
        this.audit('task-expired', 'process', task.kind);
        this.syncTaskRoles();
      }
    } catch (error) {
      // The process is being cancelled: nobody waits for this task any more.
      if (isCancellation(error) && task.status === 'open') {
        task.status = 'cancelled';
        this.syncTaskRoles();
      }
      throw error;
    }
    return task;
  }

  get openTasks(): HumanTask[] {
    return this.state.tasks.filter((task) => task.status === 'open');
  }

  private validateCompletion(request: { taskId: string; decision: string; actor: Actor }): void {
    const task = this.state.tasks.find((t) => t.id === request.taskId);
    if (!task) reject(ProcessRejections.taskNotFound, `There is no task ${request.taskId}.`);
    if (task.status !== 'open') {
      reject(ProcessRejections.taskNotOpen, `Task ${task.kind} is already ${task.status}.`);
    }
    if (!mayAct(request.actor, task.roles)) {
      reject(
        ProcessRejections.roleNotAllowed,
        `Task ${task.kind} needs the role ${task.roles.join(' or ')}.`,
      );
    }
    if (!task.decisions.includes(request.decision)) {
      reject(
        ProcessRejections.invalidDecision,
        `Decision must be one of ${task.decisions.join(', ')}; got "${request.decision}".`,
      );
    }
  }

  private completeTask(request: {
    taskId: string;
    decision: string;
    comment?: string;
    data?: Record<string, unknown>;
    actor: Actor;
  }): HumanTask {
    const task = this.state.tasks.find((t) => t.id === request.taskId)!;
    task.status = 'completed';
    task.completion = {
      decision: request.decision,
      ...(request.comment ? { comment: request.comment } : {}),
      ...(request.data ? { data: request.data } : {}),
      by: request.actor.userId,
      at: new Date().toISOString(),
    };
    this.audit('task-completed', request.actor.userId, `${task.kind}: ${request.decision}`);
    this.syncTaskRoles();
    return task;
  }

  /** Keeps every open task and the most recent closed ones, so the state stays small. */
  private forgetClosedTasks(): void {
    const closed = this.state.tasks.filter((task) => task.status !== 'open');
    if (closed.length <= MAX_CLOSED_TASKS) return;
    const forget = new Set(closed.slice(0, closed.length - MAX_CLOSED_TASKS));
    this.state.tasks = this.state.tasks.filter((task) => !forget.has(task));
  }

  private syncTaskRoles(): void {
    const roles = [...new Set(this.openTasks.flatMap((task) => task.roles))].sort();
    upsertSearchAttributes([{ key: SearchAttributes.openTaskRoles, value: roles }]);
  }

  private audit(action: AuditEntry['action'], by: string, detail?: string): void {
    this.state.audit.push({
      at: new Date().toISOString(),
      action,
      by,
      ...(detail ? { detail } : {}),
    });
    bound(this.state.audit, MAX_ENTRIES);
  }
}
