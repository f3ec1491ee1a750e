// The Dapr scheduler's leader is read from its embedded etcd's own log line, the latest term it led at; a replica
// that only saw another lead is not taken for the leader.
import { describe, expect, it } from "vitest";
import { leaderTerm } from "../../runtime/scheduler-failover.ts";

const line = (msg: string) =>
  JSON.stringify({
    level: "info",
    ts: "2026-12-07T10:37:07.654114Z",
    logger: "raft",
    caller: "etcdserver/zap_raft.go:77",
    msg,
  });

describe("the scheduler's etcd leadership", () => {
  it("takes the highest term at which the replica became leader", () => {
    const log = [
      line("a80efbe3e3530d5b became leader at term 2"),
      line("a80efbe3e3530d5b became leader at term 5"),
    ].join("\n");
    expect(leaderTerm(log)).toBe(5);
  });

  it("does not take a replica that only saw another elected for the leader", () => {
    expect(leaderTerm(line("raft.node: 4ce08c2a70b01c8 elected leader a80efbe3e3530d5b at term 2"))).toBeUndefined();
  });
});
