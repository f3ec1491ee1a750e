// An environment's topology from its model: apps by namespace, invocation edges with their methods, topics with
// publishers and subscribers, components and their users, and the trace path from the apps through the
// collectors to the backend. Written as Mermaid, Graphviz DOT or JSON.
import type { EnvironmentModel } from "../model/types.ts";
import { compareCodePoints } from "../sort.ts";
import { mermaidText, visible } from "../report/escape.ts";

export type NodeKind = "app" | "component" | "topic" | "collector" | "backend";
export type EdgeKind = "invokes" | "uses" | "publishes" | "delivers" | "traces";

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  /** The namespace it is drawn in; "" outside any. */
  readonly namespace: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label: string;
}

export interface Graph {
  readonly environment: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** Marks for a drawing that shows a change: what is new, gone, or altered. */
export type Mark = "added" | "removed" | "changed";

export const nodeId = {
  app: (namespace: string, id: string) => `app:${namespace}/${id}`,
  component: (namespace: string, name: string) => `component:${namespace}/${name}`,
  topic: (pubsub: string, topic: string) => `topic:${pubsub}/${topic}`,
};

export function environmentGraph(environment: EnvironmentModel): Graph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const node = (value: GraphNode) => nodes.set(value.id, value);
  const edge = (value: GraphEdge) => {
    const key = `${value.kind} ${value.from} ${value.to}`;
    const known = edges.get(key);
    edges.set(
      key,
      known
        ? {
            ...known,
            label: [...new Set([...known.label.split(", "), value.label])].sort(compareCodePoints).join(", "),
          }
        : value,
    );
  };
  const appIds = new Map(environment.apps.map((app) => [app.id, nodeId.app(app.namespace, app.id)]));
  for (const app of environment.apps)
    node({ id: nodeId.app(app.namespace, app.id), kind: "app", label: app.id, namespace: app.namespace });
  for (const component of environment.components) {
    const id = nodeId.component(component.namespace, component.name);
    node({ id, kind: "component", label: `${component.name} (${component.type})`, namespace: component.namespace });
    for (const user of component.scopes) {
      const app = appIds.get(user);
      if (!app || component.kind === "pubsub") continue;
      // An input binding calls the app; everything else is called by it.
      if (component.direction === "input") edge({ from: id, to: app, kind: "uses", label: "triggers" });
      else edge({ from: app, to: id, kind: "uses", label: component.kind });
    }
  }
  for (const invocation of environment.invocations) {
    const from = appIds.get(invocation.caller);
    const to = appIds.get(invocation.callee);
    if (from && to) edge({ from, to, kind: "invokes", label: `${invocation.verbs.join("|")} /${invocation.method}` });
  }
  for (const topic of environment.topics) {
    const id = nodeId.topic(topic.pubsub, topic.topic);
    node({ id, kind: "topic", label: `${topic.pubsub}/${topic.topic}`, namespace: "" });
    for (const publisher of topic.publishers) {
      const from = appIds.get(publisher);
      if (from) edge({ from, to: id, kind: "publishes", label: "publishes" });
    }
    for (const subscriber of topic.subscribers) {
      const to = appIds.get(subscriber);
      if (to) edge({ from: id, to, kind: "delivers", label: "delivers" });
    }
  }
  // The trace path: every app (SDK and sidecar) to the gateway, on through the tail-sampling tier to the backend.
  const { tracing } = environment;
  const gateway = `collector:${tracing.gateway.namespace}/${tracing.gateway.name}`;
  node({
    id: gateway,
    kind: "collector",
    label: `${tracing.gateway.name} collector ×${tracing.gatewayReplicas}`,
    namespace: tracing.gateway.namespace,
  });
  for (const app of environment.apps)
    edge({ from: nodeId.app(app.namespace, app.id), to: gateway, kind: "traces", label: "OTLP" });
  let last = gateway;
  if (tracing.sampler) {
    const sampler = `collector:${tracing.sampler.collector.namespace}/${tracing.sampler.collector.name}`;
    node({
      id: sampler,
      kind: "collector",
      label: `${tracing.sampler.collector.name} collector ×${tracing.sampler.replicas}`,
      namespace: tracing.sampler.collector.namespace,
    });
    edge({ from: gateway, to: sampler, kind: "traces", label: "by trace ID" });
    last = sampler;
  }
  const backend =
    tracing.backend.kind === "tempo"
      ? { id: `backend:${tracing.backend.namespace}/tempo`, label: "Tempo", namespace: tracing.backend.namespace }
      : {
          id: `backend:${tracing.backend.collector.namespace}/jaeger`,
          label: "Jaeger (memory)",
          namespace: tracing.backend.collector.namespace,
        };
  node({ ...backend, kind: "backend" });
  edge({
    from: last,
    to: backend.id,
    kind: "traces",
    label: tracing.sampler
      ? `kept: errors, > ${tracing.sampler.keepSlowerThanMs} ms, ${tracing.sampler.keepPercent}%`
      : `${tracing.samplingRate * 100}% sampled`,
  });
  return {
    environment: environment.name,
    nodes: [...nodes.values()].sort((a, b) => compareCodePoints(a.id, b.id)),
    edges: [...edges.values()].sort((a, b) =>
      compareCodePoints(`${a.from} ${a.to} ${a.kind}`, `${b.from} ${b.to} ${b.kind}`),
    ),
  };
}

/** The key a mark of an edge is stored under. */
export const edgeMarkKey = (edge: GraphEdge) => `edge ${edge.kind} ${edge.from} ${edge.to}`;

/** Both sides in one drawing: nodes and edges of either, marked where they differ. */
export function mergedGraph(
  before: Graph | undefined,
  after: Graph | undefined,
  changedNodes: ReadonlySet<string>,
): { graph: Graph; marks: Map<string, Mark> } {
  const marks = new Map<string, Mark>();
  const beforeNodes = new Map((before?.nodes ?? []).map((node) => [node.id, node]));
  const afterNodes = new Map((after?.nodes ?? []).map((node) => [node.id, node]));
  const edgeKey = edgeMarkKey;
  const beforeEdges = new Map((before?.edges ?? []).map((edge) => [edgeKey(edge), edge]));
  const afterEdges = new Map((after?.edges ?? []).map((edge) => [edgeKey(edge), edge]));
  const nodes: GraphNode[] = [];
  for (const id of new Set([...beforeNodes.keys(), ...afterNodes.keys()])) {
    const node = (afterNodes.get(id) ?? beforeNodes.get(id)) as GraphNode;
    nodes.push(node);
    if (!beforeNodes.has(id)) marks.set(id, "added");
    else if (!afterNodes.has(id)) marks.set(id, "removed");
    else if (changedNodes.has(id) || beforeNodes.get(id)?.label !== node.label) marks.set(id, "changed");
  }
  const edges: GraphEdge[] = [];
  for (const key of new Set([...beforeEdges.keys(), ...afterEdges.keys()])) {
    const edge = (afterEdges.get(key) ?? beforeEdges.get(key)) as GraphEdge;
    edges.push(edge);
    if (!beforeEdges.has(key)) marks.set(key, "added");
    else if (!afterEdges.has(key)) marks.set(key, "removed");
    else if (beforeEdges.get(key)?.label !== edge.label) marks.set(key, "changed");
  }
  const environment = after?.environment ?? before?.environment ?? "";
  return {
    graph: {
      environment,
      nodes: nodes.sort((a, b) => compareCodePoints(a.id, b.id)),
      edges: edges.sort((a, b) => compareCodePoints(edgeKey(a), edgeKey(b))),
    },
    marks,
  };
}

const SHAPES: Record<NodeKind, [string, string]> = {
  app: ["[", "]"],
  component: ["[(", ")]"],
  topic: ["{{", "}}"],
  collector: ["[/", "/]"],
  backend: ["[(", ")]"],
};
const ARROWS: Record<EdgeKind, string> = {
  invokes: "-->",
  uses: "-.->",
  publishes: "==>",
  delivers: "==>",
  traces: "-.->",
};
const MARK_STYLE: Record<Mark, string> = {
  added: "fill:#d4f7d4,stroke:#1a7f37,stroke-width:2px",
  removed: "fill:#ffd8d8,stroke:#cf222e,stroke-width:2px,stroke-dasharray:4 3",
  changed: "fill:#fff1c2,stroke:#9a6700,stroke-width:2px",
};
const LINK_STYLE: Record<Mark, string> = {
  added: "stroke:#1a7f37,stroke-width:3px",
  removed: "stroke:#cf222e,stroke-width:3px,stroke-dasharray:4 3",
  changed: "stroke:#9a6700,stroke-width:3px",
};

/** Mermaid flowchart; marked nodes and edges styled (green added, red dashed removed, amber changed). */
export function toMermaid(graph: Graph, marks: ReadonlyMap<string, Mark> = new Map()): string {
  const ids = new Map(graph.nodes.map((node, index) => [node.id, `n${index}`]));
  const lines = ["flowchart LR"];
  const byNamespace = new Map<string, GraphNode[]>();
  for (const node of graph.nodes) byNamespace.set(node.namespace, [...(byNamespace.get(node.namespace) ?? []), node]);
  const nodeLine = (node: GraphNode) => {
    const [open, close] = SHAPES[node.kind];
    return `${ids.get(node.id)}${open}"${mermaidText(node.label)}"${close}`;
  };
  [...byNamespace.entries()]
    .sort(([a], [b]) => compareCodePoints(a, b))
    .forEach(([namespace, nodes], index) => {
      if (namespace === "") {
        for (const node of nodes) lines.push(`  ${nodeLine(node)}`);
        return;
      }
      lines.push(`  subgraph ns${index}["namespace ${mermaidText(namespace)}"]`);
      for (const node of nodes) lines.push(`    ${nodeLine(node)}`);
      lines.push("  end");
    });
  graph.edges.forEach((edge) =>
    lines.push(`  ${ids.get(edge.from)} ${ARROWS[edge.kind]}|"${mermaidText(edge.label)}"| ${ids.get(edge.to)}`),
  );
  for (const node of graph.nodes) {
    const mark = marks.get(node.id);
    if (mark) lines.push(`  style ${ids.get(node.id)} ${MARK_STYLE[mark]}`);
  }
  graph.edges.forEach((edge, index) => {
    const mark = marks.get(edgeMarkKey(edge));
    if (mark) lines.push(`  linkStyle ${index} ${LINK_STYLE[mark]}`);
  });
  return `${lines.join("\n")}\n`;
}

export function toDot(graph: Graph): string {
  const quote = (text: string) => `"${visible(text).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  const shape: Record<NodeKind, string> = {
    app: "box",
    component: "cylinder",
    topic: "hexagon",
    collector: "parallelogram",
    backend: "cylinder",
  };
  const style: Record<EdgeKind, string> = {
    invokes: "solid",
    uses: "dashed",
    publishes: "bold",
    delivers: "bold",
    traces: "dotted",
  };
  const lines = [`digraph ${quote(`trellis-${graph.environment}`)} {`, "  rankdir=LR;"];
  const byNamespace = new Map<string, GraphNode[]>();
  for (const node of graph.nodes) byNamespace.set(node.namespace, [...(byNamespace.get(node.namespace) ?? []), node]);
  for (const [namespace, nodes] of [...byNamespace.entries()].sort(([a], [b]) => compareCodePoints(a, b))) {
    const indent = namespace === "" ? "  " : "    ";
    if (namespace !== "")
      lines.push(`  subgraph ${quote(`cluster_${namespace}`)} {`, `    label=${quote(`namespace ${namespace}`)};`);
    for (const node of nodes)
      lines.push(`${indent}${quote(node.id)} [label=${quote(node.label)}, shape=${shape[node.kind]}];`);
    if (namespace !== "") lines.push("  }");
  }
  for (const edge of graph.edges)
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edge.label)}, style=${style[edge.kind]}];`);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
