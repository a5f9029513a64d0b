/** A Proxmox VE worker task. */
export interface Task {
  /** `UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:` with the numbers as 8 hex digits. */
  readonly upid: string;
  readonly node: string;
  readonly type: string;
  readonly id: string;
  readonly user: string;
  readonly pid: number;
  readonly pstart: number;
  /** Unix seconds. */
  readonly starttime: number;
  status: "running" | "stopped";
  /** `OK`, or the error the task died with; set when stopped. */
  exitstatus?: string;
  endtime?: number;
  readonly log: string[];
}

/** What a task does when it runs: throws (an Error with PVE's message) to fail. */
export type TaskWork = (log: (line: string) => void) => void | Promise<void>;

/** How a task is started. */
export interface TaskOptions {
  /** Undo what the call did before the task ran (PVE removes a half-made clone), when the task fails. */
  readonly onFailure?: () => void;
  /** Fail with this message instead of running the work (fault injection). */
  readonly failWith?: string;
}

const hex8 = (value: number) => value.toString(16).toUpperCase().padStart(8, "0");

/**
 * The cluster's tasks. A task is answered as `running` when it is started and does its work
 * asynchronously after {@link durationMs} (0: on the next turn of the event loop, so that callers
 * polling the status see it end at once), ending `OK` or with its error.
 */
export class TaskRegistry {
  private readonly tasks = new Map<string, Task>();
  private nextPid = 0x1000;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly durationMs: number,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** Starts a task on `node`; its UPID names `type`, `id` and `user` as PVE's does. */
  start(node: string, type: string, id: string, user: string, work: TaskWork, options: TaskOptions = {}): Task {
    const pid = this.nextPid++;
    const starttime = this.now();
    const pstart = (starttime * 100) % 0xffffffff;
    const upid = `UPID:${node}:${hex8(pid)}:${hex8(pstart)}:${hex8(starttime)}:${type}:${id}:${user}:`;
    const task: Task = { upid, node, type, id, user, pid, pstart, starttime, status: "running", log: [] };
    this.tasks.set(upid, task);
    const run = async () => {
      try {
        if (options.failWith !== undefined) throw new Error(options.failWith);
        await work((line) => task.log.push(line));
        task.exitstatus = "OK";
        task.log.push("TASK OK");
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).replace(/\n+$/, "");
        options.onFailure?.();
        task.exitstatus = message;
        task.log.push(`TASK ERROR: ${message}`);
      }
      task.status = "stopped";
      task.endtime = this.now();
    };
    const done = new Promise<void>((resolve) => {
      const go = () => void run().then(resolve);
      if (this.durationMs <= 0) setImmediate(go);
      else setTimeout(go, this.durationMs);
    }).finally(() => this.pending.delete(done));
    this.pending.add(done);
    return task;
  }

  /** The task of a UPID, if the cluster ran it. */
  get(upid: string): Task | undefined {
    return this.tasks.get(upid);
  }

  /** Every task, oldest first. */
  all(): Task[] {
    return [...this.tasks.values()];
  }

  /** Resolves when no task is running (for orderly shutdown and tests). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
