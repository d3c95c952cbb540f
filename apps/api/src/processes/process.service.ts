import { randomUUID } from 'node:crypto';
import { type SearchAttributePair, TypedSearchAttributes } from '@temporalio/common';
import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type WorkflowExecutionDescription,
  type WorkflowExecutionInfo,
  type WorkflowHandle,
} from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import {
  type Actor,
  cancelProcessUpdate,
  dealerScopeOf,
  mayAct,
  type ProcessDefinition,
  processEventUpdate,
  type Role,
  type ProcessState,
  processStateQuery,
  processWorkflowId,
  SearchAttributes,
  TaskQueues,
  maySeeTask,
} from '@throughline/contracts';
import { fieldErrorsOf, openApiSchemaOf, subjectKey, ValidationProblem } from '@throughline/common';
import { TEMPORAL_CLIENT } from '@throughline/temporal';
import { API_CONFIG, type ApiConfig, PROCESS_CATALOG, processPolicyOf } from '../api.config';
import { CrmRefsChecker } from './crm-refs.checker';
import { ErpItemsChecker } from './erp-items.checker';
import type { ProcessListQuery } from './process-list.query';
import {
  type ProcessSummaryView,
  type ProcessView,
  statusOf,
  visibilityStatus,
} from './process.view';
import { requestUpdateId } from '../idempotency/update-id';
import {
  isTemporalUnavailable,
  isUpdateTimeout,
  processWorkerUnavailable,
  temporalUnavailable,
  translateTemporalError,
} from './temporal-errors';
import { catalogTypesClause, filterDigest, quoted } from './visibility-query';

export interface ProcessTypeView {
  type: string;
  title: string;
  description: string;
  startRoles: string[];
  cancelRoles: string[];
  inputSchema: Record<string, unknown>;
  example: Record<string, unknown>;
  events: {
    name: string;
    description: string;
    roles: string[];
    payloadSchema: Record<string, unknown>;
  }[];
}

export interface ProcessPage {
  items: ProcessSummaryView[];
  /** Pass as `pageToken` for the next page; absent on the last page. */
  nextPageToken?: string;
}

/** Starts, reads, lists, cancels and signals processes through the Temporal client. */
@Injectable()
export class ProcessService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(PROCESS_CATALOG) private readonly catalog: readonly ProcessDefinition[],
    private readonly items: ErpItemsChecker,
    private readonly crmRefs: CrmRefsChecker,
  ) {}

  listTypes(): ProcessTypeView[] {
    return this.catalog.map((definition) => ({
      type: definition.type,
      title: definition.title,
      description: definition.description,
      startRoles: definition.startRoles,
      cancelRoles: definition.cancelRoles,
      inputSchema: openApiSchemaOf(definition.input),
      example: definition.example,
      events: Object.entries(definition.events).map(([name, event]) => ({
        name,
        description: event.description,
        roles: event.roles,
        payloadSchema: openApiSchemaOf(event.payload),
      })),
    }));
  }

  definitionOf(type: string): ProcessDefinition {
    const definition = this.catalog.find((d) => d.type === type);
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
    actor: Actor,
  ): Promise<{ created: boolean; process: ProcessView }> {
    const definition = this.definitionOf(type);
    if (!mayAct(actor, definition.startRoles)) {
      throw new ForbiddenException({
        code: 'forbidden',
        message: `Starting ${type} needs the role ${definition.startRoles.join(' or ')}.`,
      });
    }
    const parsed = definition.input.safeParse(body);
    if (!parsed.success) throw new ValidationProblem(fieldErrorsOf(parsed.error));
    const [itemProblems, crmProblems] = await Promise.all([
      definition.erpItems ? this.items.problemsWith(definition.erpItems(parsed.data)) : [],
      definition.crmRefs ? this.crmRefs.problemsWith(definition.crmRefs(parsed.data)) : [],
    ]);
    if (itemProblems.length + crmProblems.length > 0) {
      throw new ValidationProblem([...crmProblems, ...itemProblems]);
    }
    const subject = definition.subject && this.subjectKeyOf(definition.subject(parsed.data));
    const businessKey = definition.reference?.(parsed.data) ?? subject ?? `g-${randomUUID()}`;
    const workflowId = processWorkflowId(definition.type, businessKey);
    // A process a dealer starts (where its type lets one) is that dealer's from the start.
    const dealerCode = dealerScopeOf(actor);
    const searchAttributes: SearchAttributePair[] = [
      { key: SearchAttributes.businessKey, value: businessKey },
      ...(subject ? [{ key: SearchAttributes.subjectKey, value: subject }] : []),
      { key: SearchAttributes.processStage, value: 'started' },
      ...(dealerCode ? [{ key: SearchAttributes.dealerCode, value: dealerCode }] : []),
    ];
    try {
      await this.client.workflow.start(definition.workflowType, {
        taskQueue: TaskQueues.processes,
        workflowId,
        args: [
          definition.workflowInput(parsed.data, {
            policy: processPolicyOf(this.config),
            startedBy: actor.userId,
            businessKey,
          }),
        ],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        typedSearchAttributes: searchAttributes,
        memo: { title: definition.title, businessKey, startedBy: actor.userId },
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        return { created: false, process: await this.get(workflowId, actor) };
      }
      throw translateTemporalError(error);
    }
    // Just started: everything about it is known here, without a round trip to the workflow.
    return {
      created: true,
      process: this.visibleTo(
        definition,
        {
          ...this.summaryOf({
            type: definition.workflowType,
            workflowId,
            status: { name: 'RUNNING' },
            startTime: new Date(),
            memo: { title: definition.title, businessKey, startedBy: actor.userId },
            typedSearchAttributes: new TypedSearchAttributes(searchAttributes),
          }),
          documents: {},
          steps: [],
          openTasks: [],
          tasks: [],
          audit: [{ at: new Date().toISOString(), action: 'started', by: actor.userId }],
          acceptedEvents: [],
          cancellable: false,
        },
        actor,
      ),
    };
  }

  /** The keyed hash that stands for a person (an e-mail) in ids and search attributes. */
  private subjectKeyOf(identifier: string): string {
    return subjectKey(this.config.SUBJECT_KEY_SECRET, identifier);
  }

  /**
   * Lists processes through Temporal visibility, newest first; a dealer's key only those whose
   * DealerCode is its dealer (the other filters apply within them).
   */
  async list(query: ProcessListQuery, actor: Actor): Promise<ProcessPage> {
    const clauses: string[] = [];
    const dealerCode = dealerScopeOf(actor);
    if (dealerCode !== undefined) clauses.push(`DealerCode = ${quoted(dealerCode)}`);
    if (query.type)
      clauses.push(`WorkflowType = ${quoted(this.definitionOf(query.type).workflowType)}`);
    if (query.status) clauses.push(`ExecutionStatus = ${quoted(visibilityStatus[query.status])}`);
    if (query.customerNo) clauses.push(`CustomerNo = ${quoted(query.customerNo)}`);
    if (query.email) clauses.push(`SubjectKey = ${quoted(this.subjectKeyOf(query.email))}`);
    if (query.stage) clauses.push(`ProcessStage = ${quoted(query.stage)}`);
    if (query.taskRole) clauses.push(`OpenTaskRoles = ${quoted(query.taskRole)}`);
    if (query.startedAfter) clauses.push(`StartTime >= ${quoted(query.startedAfter)}`);
    if (query.startedBefore) clauses.push(`StartTime < ${quoted(query.startedBefore)}`);
    if (!query.type) clauses.push(catalogTypesClause(this.catalog));
    try {
      const response = await this.client.workflowService.listWorkflowExecutions({
        namespace: this.config.TEMPORAL_NAMESPACE,
        // Visibility returns newest first; ORDER BY is not supported by every visibility store.
        query: clauses.join(' AND '),
        pageSize: query.limit,
        nextPageToken: query.pageToken ? this.unwrapPageToken(query.pageToken, clauses) : undefined,
      });
      const items = await Promise.all(
        (response.executions ?? []).map(async (raw) =>
          this.summaryVisibleTo(
            this.summaryOf(
              await executionInfoFromRaw(
                raw,
                this.client.options.loadedDataConverter,
                raw,
                this.config.TEMPORAL_NAMESPACE,
              ),
            ),
            actor,
          ),
        ),
      );
      const token = response.nextPageToken?.length
        ? this.wrapPageToken(response.nextPageToken, clauses)
        : undefined;
      return { items, ...(token ? { nextPageToken: token } : {}) };
    } catch (error) {
      if (error instanceof ValidationProblem) throw error;
      if (query.pageToken && !isTemporalUnavailable(error)) {
        throw new ValidationProblem([
          { field: 'pageToken', message: 'not a page token of this list' },
        ]);
      }
      throw translateTemporalError(error);
    }
  }

  /**
   * Page tokens carry the server's token and a digest of the filters they belong to, so a token
   * of another list, or no token at all, is refused before it reaches Temporal.
   */
  private wrapPageToken(serverToken: Uint8Array, clauses: string[]): string {
    const digest = filterDigest(clauses);
    return Buffer.from(
      JSON.stringify({ d: digest, t: Buffer.from(serverToken).toString('base64') }),
    ).toString('base64url');
  }

  private unwrapPageToken(token: string, clauses: string[]): Uint8Array {
    const digest = filterDigest(clauses);
    try {
      const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
        d?: unknown;
        t?: unknown;
      };
      if (parsed.d === digest && typeof parsed.t === 'string')
        return Buffer.from(parsed.t, 'base64');
    } catch {
      // Not one of ours: refused below.
    }
    throw new ValidationProblem([{ field: 'pageToken', message: 'not a page token of this list' }]);
  }

  /**
   * The process, from Temporal and from the workflow's own account of itself, as the actor may
   * see it (a dealer's key: only its dealer's processes, reduced; else 404 as for none).
   */
  async get(id: string, actor?: Actor): Promise<ProcessView> {
    const handle = this.client.workflow.getHandle(id);
    const description = await this.describe(handle);
    if (actor) this.assertInScope(description, actor);
    const definition = this.catalog.find((d) => d.workflowType === description.type);
    const closed = description.status.name !== 'RUNNING';
    const cached = closed ? this.closedViews.get(description.runId) : undefined;
    if (cached) return actor ? this.visibleTo(definition, cached, actor) : cached;
    const state = await this.queryState(handle);
    const view: ProcessView = {
      ...this.summaryOf(description),
      ...(state
        ? {
            stage: state.stage,
            businessKey: state.businessKey,
            customerNo: state.customerNo,
            summary: state.summary,
            startedBy: state.startedBy,
          }
        : {}),
      documents: state?.documents ?? {},
      steps: state?.steps ?? [],
      openTasks: (state?.tasks ?? []).filter((task) => task.status === 'open'),
      tasks: state?.tasks ?? [],
      // The task's data is for the roles that may act on it (and ops), as in the task inbox.
      audit: state?.audit ?? [],
      acceptedEvents: description.status.name === 'RUNNING' ? (state?.acceptedEvents ?? []) : [],
      cancellable: description.status.name === 'RUNNING' && (state?.cancellable ?? false),
      ...(state?.cancellation ? { cancellation: state.cancellation } : {}),
      ...(state?.details ? { details: state.details } : {}),
    };
    if (view.status === 'completed') view.result = state?.result ?? (await handle.result());
    if (view.status === 'failed') view.failure = await this.failureOf(handle);
    if (closed && state) this.rememberClosed(description.runId, view);
    return actor ? this.visibleTo(definition, view, actor) : view;
  }

  /**
   * A dealer's key acts only on its dealer's processes (DealerCode, from describe): any other is
   * answered exactly as a process that does not exist.
   */
  private assertInScope(description: WorkflowExecutionDescription, actor: Actor): void {
    const dealerCode = dealerScopeOf(actor);
    if (dealerCode === undefined) return;
    if (description.typedSearchAttributes.get(SearchAttributes.dealerCode) === dealerCode) return;
    throw new NotFoundException({
      code: 'process-not-found',
      message: `There is no process "${description.workflowId}".`,
    });
  }

  /**
   * What the actor sees of a process: the tasks it may act on (or oversee). A dealer's key sees
   * the process as it stands and what it may do (status, stage, summary, documents, details,
   * the events it may post) and its own entries of the audit; not the tasks, the step timeline,
   * the result or failure, nor who inside started or cancelled it.
   */
  private visibleTo(
    definition: ProcessDefinition | undefined,
    view: ProcessView,
    actor: Actor,
  ): ProcessView {
    if (dealerScopeOf(actor) !== undefined) {
      const {
        startedBy: _startedBy,
        result: _result,
        failure: _failure,
        cancellation,
        ...rest
      } = view;
      const mayPost = (event: string): boolean =>
        definition !== undefined &&
        Object.hasOwn(definition.events, event) &&
        mayAct(actor, definition.events[event].roles);
      return {
        ...rest,
        openTaskRoles: [],
        links: { self: view.links.self },
        steps: [],
        tasks: [],
        openTasks: [],
        audit: view.audit.filter((entry) => entry.by === actor.userId),
        acceptedEvents: view.acceptedEvents.filter(mayPost),
        cancellable: view.cancellable && !!definition && mayAct(actor, definition.cancelRoles),
        ...(cancellation
          ? { cancellation: { reason: cancellation.reason, at: cancellation.at } }
          : {}),
      };
    }
    const maySee = (task: { roles: Role[] }): boolean => maySeeTask(actor, task);
    return { ...view, tasks: view.tasks.filter(maySee), openTasks: view.openTasks.filter(maySee) };
  }

  /**
   * A list line as the actor sees it: a dealer's key not who started it, the roles of its open
   * tasks, nor the Temporal UI (ops') link.
   */
  private summaryVisibleTo(summary: ProcessSummaryView, actor: Actor): ProcessSummaryView {
    if (dealerScopeOf(actor) === undefined) return summary;
    const { startedBy: _startedBy, ...rest } = summary;
    return { ...rest, openTaskRoles: [], links: { self: summary.links.self } };
  }

  /**
   * A closed run never changes, and reading its state means replaying its whole history on a
   * worker; so the views of closed runs are kept (by run id, a bounded number).
   */
  private readonly closedViews = new Map<string, ProcessView>();

  private rememberClosed(runId: string, view: ProcessView): void {
    this.closedViews.set(runId, view);
    if (this.closedViews.size > 2000) {
      const oldest = this.closedViews.keys().next().value;
      if (oldest !== undefined) this.closedViews.delete(oldest);
    }
  }

  /**
   * Asks the process to cancel; the workflow decides (409 when it no longer can). `updateId` is
   * the Update id of the caller's Idempotency-Key; without one, the request names its Update.
   */
  async cancel(id: string, reason: string, actor: Actor, updateId?: string): Promise<ProcessView> {
    const { handle, definition, description } = await this.process(id, actor);
    if (!mayAct(actor, definition.cancelRoles)) {
      throw new ForbiddenException({
        code: 'forbidden',
        message: `Cancelling ${definition.type} needs the role ${definition.cancelRoles.join(' or ')}.`,
      });
    }
    await this.runUpdate(() =>
      handle.executeUpdate(cancelProcessUpdate, {
        args: [{ reason, actor }],
        updateId: updateId ?? requestUpdateId('cancel', [actor.userId, id, reason]),
      }),
    );
    try {
      // The workflow accepted and recorded who and why; the cancellation request makes its
      // waits and activities stop so it can undo what was done.
      await this.withinDeadline(() => handle.cancel());
    } catch (error) {
      // A repeated request whose process has ended since: the first request did its work.
      if (!(error instanceof WorkflowNotFoundError)) throw translateTemporalError(error);
    }
    return this.viewAfterUpdate(id, actor, definition, description);
  }

  /** Delivers an external event, validated against the process type; 409 when not expected now. */
  async event(
    id: string,
    event: string,
    body: unknown,
    actor: Actor,
    updateId?: string,
  ): Promise<ProcessView> {
    const { handle, definition, description } = await this.process(id, actor);
    // Own keys only: `constructor` and friends are not events.
    const eventDefinition = Object.hasOwn(definition.events, event)
      ? definition.events[event]
      : undefined;
    if (!eventDefinition) {
      throw new NotFoundException({
        code: 'unknown-event',
        message: `Processes of type ${definition.type} take no event "${event}".`,
      });
    }
    if (!mayAct(actor, eventDefinition.roles)) {
      throw new ForbiddenException({
        code: 'forbidden',
        message: `The event ${event} needs the role ${eventDefinition.roles.join(' or ')}.`,
      });
    }
    const parsed = eventDefinition.payload.safeParse(body);
    if (!parsed.success) throw new ValidationProblem(fieldErrorsOf(parsed.error));
    await this.runUpdate(() =>
      handle.executeUpdate(processEventUpdate, {
        args: [{ event, payload: parsed.data, actor }],
        updateId: updateId ?? requestUpdateId('event', [actor.userId, id, event, parsed.data]),
      }),
    );
    return this.viewAfterUpdate(id, actor, definition, description);
  }

  /**
   * The process after the actor's event or cancel. A dealer's answer may hand the process on (a
   * decline offers it to the next dealer, whose code it now carries): the process took it, so
   * the dealer hears so (202), with no more than it saw before, and nothing of the next one's.
   */
  private async viewAfterUpdate(
    id: string,
    actor: Actor,
    definition: ProcessDefinition,
    before: WorkflowExecutionDescription,
  ): Promise<ProcessView> {
    try {
      return await this.get(id, actor);
    } catch (error) {
      if (dealerScopeOf(actor) === undefined || !(error instanceof NotFoundException)) throw error;
      return this.visibleTo(
        definition,
        {
          ...this.summaryOf(before),
          documents: {},
          steps: [],
          openTasks: [],
          tasks: [],
          audit: [],
          acceptedEvents: [],
          cancellable: false,
        },
        actor,
      );
    }
  }

  /**
   * Sends a Workflow Update and waits for its outcome. Its id makes it idempotent: Temporal
   * applies an Update id once per run and answers a repeat with the first outcome, also after
   * the process ended (then an unknown id is 409 process-closed). A timeout is 503: Temporal
   * unreachable, or reachable but without a worker that handled the Update in time.
   */
  async runUpdate<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await this.withinDeadline(call);
    } catch (error) {
      if (isUpdateTimeout(error)) {
        throw (await this.temporalReachable()) ? processWorkerUnavailable() : temporalUnavailable();
      }
      throw translateTemporalError(error);
    }
  }

  /** Whether the Temporal frontend answers within 2 s. */
  private async temporalReachable(): Promise<boolean> {
    try {
      await this.client.connection.withDeadline(Date.now() + 2000, () =>
        this.client.workflowService.getSystemInfo({}),
      );
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Bounds a call that waits for the workflow (an Update waits for a worker to take it): past
   * 15 s the caller gets 503 with Retry-After instead of a request that never ends.
   */
  withinDeadline<T>(call: () => Promise<T>): Promise<T> {
    return this.client.connection.withDeadline(Date.now() + 15_000, call);
  }

  /** The workflow's own state; undefined when no worker can answer in time. */
  async queryState(handle: WorkflowHandle): Promise<ProcessState | undefined> {
    try {
      return await this.client.connection.withDeadline(Date.now() + 5000, () =>
        handle.query(processStateQuery),
      );
    } catch {
      return undefined;
    }
  }

  async describe(handle: WorkflowHandle): Promise<WorkflowExecutionDescription> {
    try {
      return await handle.describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new NotFoundException({
          code: 'process-not-found',
          message: `There is no process "${handle.workflowId}".`,
        });
      }
      throw translateTemporalError(error);
    }
  }

  /**
   * The process and its type, if the actor may act on it (else 404, see assertInScope). A closed
   * one is not refused here: a repeated request gets its first outcome from Temporal, and any
   * other request 409 process-closed.
   */
  private async process(
    id: string,
    actor: Actor,
  ): Promise<{
    handle: WorkflowHandle;
    definition: ProcessDefinition;
    description: WorkflowExecutionDescription;
  }> {
    const handle = this.client.workflow.getHandle(id);
    const description = await this.describe(handle);
    this.assertInScope(description, actor);
    const definition = this.catalog.find((d) => d.workflowType === description.type);
    if (!definition)
      throw new NotFoundException({
        code: 'process-not-found',
        message: `There is no process "${id}".`,
      });
    return { handle, definition, description };
  }

  private summaryOf(
    info: Pick<
      WorkflowExecutionInfo,
      'type' | 'workflowId' | 'startTime' | 'closeTime' | 'memo' | 'typedSearchAttributes'
    > & {
      status: { name: string };
    },
  ): ProcessSummaryView {
    const definition = this.catalog.find((d) => d.workflowType === info.type);
    const memo = (info.memo ?? {}) as { title?: string; businessKey?: string; startedBy?: string };
    const attributes = info.typedSearchAttributes;
    return {
      id: info.workflowId,
      type: definition?.type ?? info.type,
      ...(memo.title ? { title: memo.title } : {}),
      status: statusOf(info.status.name),
      stage: attributes.get(SearchAttributes.processStage),
      businessKey: attributes.get(SearchAttributes.businessKey) ?? memo.businessKey,
      customerNo: attributes.get(SearchAttributes.customerNo),
      openTaskRoles: attributes.get(SearchAttributes.openTaskRoles) ?? [],
      ...(memo.startedBy ? { startedBy: memo.startedBy } : {}),
      startedAt: info.startTime.toISOString(),
      ...(info.closeTime ? { closedAt: info.closeTime.toISOString() } : {}),
      links: {
        self: `/processes/${encodeURIComponent(info.workflowId)}`,
        temporalUi: `${this.config.TEMPORAL_UI_URL.replace(/\/$/, '')}/namespaces/${this.config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(info.workflowId)}`,
      },
    };
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
}
