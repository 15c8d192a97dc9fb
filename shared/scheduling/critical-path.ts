/**
 * Critical path of one operation (finish-to-start dependencies with lag). A task's planned start
 * is a "start no earlier than" constraint: the earliest start is the later of its planned start
 * and its predecessors' earliest finish plus lag. Latest times are computed back from the
 * project finish (the latest earliest finish). Slack is latest minus earliest start; the tasks
 * with no slack are the critical path. Tasks caught in a dependency cycle have no schedule and
 * are listed apart (the conflict engine reports the cycle).
 */
import { isLiveTask, type ScheduleTask } from './model.js';

const MINUTE = 60_000;

export interface TaskTiming {
  taskId: string;
  earliestStart: string;
  earliestFinish: string;
  latestStart: string;
  latestFinish: string;
  slackMinutes: number;
  critical: boolean;
}

export interface CriticalPathResult {
  tasks: TaskTiming[];
  /** Critical tasks in order of earliest start. */
  criticalPath: string[];
  projectFinish: string | null;
  /** Operation end minus project finish; negative when the plan cannot finish in the window. */
  endSlackMinutes: number | null;
  cyclic: string[];
}

interface Node {
  t: ScheduleTask;
  dur: number;
  start: number;
  preds: { id: string; lag: number }[];
  succs: { id: string; lag: number }[];
}

function buildGraph(tasks: readonly ScheduleTask[]): { nodes: Map<string, Node>; order: string[]; cyclic: string[] } {
  const nodes = new Map<string, Node>();
  for (const t of tasks) {
    if (!isLiveTask(t)) continue;
    const start = Date.parse(t.startsAt);
    nodes.set(t.id, { t, dur: Date.parse(t.endsAt) - start, start, preds: [], succs: [] });
  }
  for (const n of nodes.values()) {
    for (const d of n.t.dependencies) {
      const p = nodes.get(d.predecessorId);
      if (!p) continue;
      n.preds.push({ id: p.t.id, lag: d.lagMinutes * MINUTE });
      p.succs.push({ id: n.t.id, lag: d.lagMinutes * MINUTE });
    }
  }
  // Kahn's algorithm; whatever is left has a cycle upstream.
  const indeg = new Map([...nodes].map(([id, n]) => [id, n.preds.length]));
  const queue = [...nodes.keys()].filter((id) => indeg.get(id) === 0).sort();
  const order: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const s of nodes.get(id)!.succs) {
      const k = indeg.get(s.id)! - 1;
      indeg.set(s.id, k);
      if (k === 0) queue.push(s.id);
    }
  }
  const done = new Set(order);
  const cyclic = [...nodes.keys()].filter((id) => !done.has(id)).sort();
  return { nodes, order, cyclic };
}

export function criticalPath(tasks: readonly ScheduleTask[], operationEndsAt: string): CriticalPathResult {
  const { nodes, order, cyclic } = buildGraph(tasks);
  const es = new Map<string, number>();
  for (const id of order) {
    const n = nodes.get(id)!;
    let s = n.start;
    for (const p of n.preds) if (es.has(p.id)) s = Math.max(s, es.get(p.id)! + nodes.get(p.id)!.dur + p.lag);
    es.set(id, s);
  }
  if (order.length === 0) {
    return { tasks: [], criticalPath: [], projectFinish: null, endSlackMinutes: null, cyclic };
  }
  const finish = Math.max(...order.map((id) => es.get(id)! + nodes.get(id)!.dur));
  const lf = new Map<string, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = nodes.get(order[i]!)!;
    let f = finish;
    for (const s of n.succs) if (lf.has(s.id)) f = Math.min(f, lf.get(s.id)! - nodes.get(s.id)!.dur - s.lag);
    lf.set(n.t.id, f);
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const timings: TaskTiming[] = order.map((id) => {
    const n = nodes.get(id)!;
    const e = es.get(id)!;
    const l = lf.get(id)!;
    const slack = Math.round((l - n.dur - e) / MINUTE);
    return {
      taskId: id, earliestStart: iso(e), earliestFinish: iso(e + n.dur),
      latestStart: iso(l - n.dur), latestFinish: iso(l), slackMinutes: slack, critical: slack <= 0,
    };
  });
  timings.sort((a, b) => (a.earliestStart < b.earliestStart ? -1 : a.earliestStart > b.earliestStart ? 1 : a.taskId < b.taskId ? -1 : 1));
  return {
    tasks: timings,
    criticalPath: timings.filter((x) => x.critical).map((x) => x.taskId),
    projectFinish: iso(finish),
    endSlackMinutes: Math.round((Date.parse(operationEndsAt) - finish) / MINUTE),
    cyclic,
  };
}

export interface MovedTask {
  taskId: string;
  deltaMinutes: number;
  startsAt: string;
  endsAt: string;
}

export interface SlipImpact {
  moved: MovedTask[];
  /** The operation would end later than its window allows. */
  exceedsOperationEnd: boolean;
  newFinish: string | null;
}

/**
 * What moves if `taskId` slips by `minutes`: the task itself, then every successor whose start
 * would fall before a moved predecessor's finish plus lag, pushed just far enough. Successors
 * are never pulled earlier: a plan is not re-optimised behind the planner's back.
 */
export function slipImpact(
  tasks: readonly ScheduleTask[], taskId: string, minutes: number, operationEndsAt: string,
): SlipImpact {
  const { nodes, order } = buildGraph(tasks);
  const root = nodes.get(taskId);
  if (!root) return { moved: [], exceedsOperationEnd: false, newFinish: null };
  const start = new Map<string, number>();
  start.set(taskId, root.start + minutes * MINUTE);
  for (const id of order) {
    if (id === taskId) continue;
    const n = nodes.get(id)!;
    let required = -Infinity;
    for (const p of n.preds) {
      if (!start.has(p.id)) continue;
      required = Math.max(required, start.get(p.id)! + nodes.get(p.id)!.dur + p.lag);
    }
    if (required > n.start) start.set(id, required);
  }
  const moved: MovedTask[] = [...start].map(([id, s]) => {
    const n = nodes.get(id)!;
    return {
      taskId: id, deltaMinutes: Math.round((s - n.start) / MINUTE),
      startsAt: new Date(s).toISOString(), endsAt: new Date(s + n.dur).toISOString(),
    };
  }).filter((m) => m.deltaMinutes !== 0 || m.taskId === taskId);
  let finish = -Infinity;
  for (const n of nodes.values()) finish = Math.max(finish, (start.get(n.t.id) ?? n.start) + n.dur);
  return {
    moved: moved.sort((a, b) => (a.startsAt < b.startsAt ? -1 : 1)),
    exceedsOperationEnd: finish > Date.parse(operationEndsAt),
    newFinish: Number.isFinite(finish) ? new Date(finish).toISOString() : null,
  };
}
