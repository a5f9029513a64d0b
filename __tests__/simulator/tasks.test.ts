import { TaskRegistry } from "../../simulator/state/tasks";

describe("tasks", () => {
  test("a task has PVE's UPID, runs asynchronously and ends OK with its log", async () => {
    const tasks = new TaskRegistry(20, () => 0x6650a1b2);
    let ran = false;
    const task = tasks.start("pve1", "qmclone", "2901", "root@pam!sim", (log) => {
      ran = true;
      log("clone finished");
    });
    expect(task.upid).toMatch(/^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:6650A1B2:qmclone:2901:root@pam!sim:$/);
    expect({ status: task.status, ran }).toEqual({ status: "running", ran: false });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(task.status).toBe("running");
    await tasks.settled();
    expect({ status: task.status, exitstatus: task.exitstatus, log: task.log, ran }).toEqual({
      status: "stopped",
      exitstatus: "OK",
      log: ["clone finished", "TASK OK"],
      ran: true,
    });
    expect(tasks.get(task.upid)).toBe(task);
  });

  test("a task whose work throws ends with the error as its exit status, and undoes its call", async () => {
    const tasks = new TaskRegistry(0);
    const undone: string[] = [];
    const failing = tasks.start(
      "pve1",
      "qmstart",
      "100",
      "root@pam",
      () => {
        throw new Error("bridge 'vmbr9' does not exist\n");
      },
      { onFailure: () => undone.push("failing") },
    );
    const injected = tasks.start("pve1", "qmclone", "100", "root@pam", () => void undone.push("work ran"), {
      failWith: "clone failed: injected",
      onFailure: () => undone.push("injected"),
    });
    await tasks.settled();
    expect([failing.exitstatus, failing.log]).toEqual(["bridge 'vmbr9' does not exist", ["TASK ERROR: bridge 'vmbr9' does not exist"]]);
    expect([injected.exitstatus, injected.log]).toEqual(["clone failed: injected", ["TASK ERROR: clone failed: injected"]]);
    expect(undone.sort()).toEqual(["failing", "injected"]);
  });

  test("with no duration a task has ended by the time a caller polls it", async () => {
    const tasks = new TaskRegistry(0);
    const task = tasks.start("pve1", "qmstop", "100", "root@pam", () => undefined);
    expect(task.status).toBe("running");
    await new Promise((resolve) => setImmediate(resolve));
    expect(task.status).toBe("stopped");
  });
});
