// What a stand-in app plays: the parts of an app's declaration its sidecar and callers see. The rehearsal writes
// one per app and the stand-in reads it at start.
import type { AppModel, ComponentModel } from "../../lib/model/types.ts";

/** Where the rehearsal drives a stand-in (what to call, publish, fail): a port of its own beside the app port. */
export const STAND_IN_CONTROL_PORT = 7070;

export interface StandInPlan {
  readonly id: string;
  /** The address both ports listen on: every address of the pod's own network, or loopback in a test. */
  readonly address: string;
  readonly port: number;
  readonly controlPort: number;
  /** The dapr module's proto folder (holding `dapr/proto/...`), for gRPC apps. */
  readonly protoRoot: string;
  readonly protocol: "http" | "grpc";
  readonly healthPath: string | undefined;
  readonly methods: readonly { readonly name: string; readonly verbs: readonly string[] }[];
  /** Every route a declared subscription may deliver to: rules' paths and the default route. */
  readonly routes: readonly string[];
  /** Input bindings the app uses: its sidecar delivers their events to the app (gRPC apps list them). */
  readonly inputBindings: readonly string[];
  /** Whether the app hosts actors; it then names one type for its sidecar (actorType). */
  readonly actors: boolean;
  /** What the app declares it calls, the callee as its sidecar addresses it (`<app>.<namespace>` elsewhere). */
  readonly invokes: readonly { readonly target: string; readonly method: string; readonly verb: string }[];
  readonly publishes: readonly { readonly pubsub: string; readonly topic: string }[];
}

/** An app as a caller's sidecar addresses it: its id, or `<id>.<namespace>` from another namespace. */
export function sidecarTarget(app: string, appNamespace: string, callerNamespace: string): string {
  return appNamespace === callerNamespace ? app : `${app}.${appNamespace}`;
}

/** Where a pod finds the dapr module's proto folder. */
export const POD_PROTO_ROOT = "/trellis/proto";

export function standInPlan(app: AppModel, components: readonly ComponentModel[]): StandInPlan {
  return {
    id: app.id,
    address: "0.0.0.0",
    port: app.port,
    controlPort: STAND_IN_CONTROL_PORT,
    protoRoot: POD_PROTO_ROOT,
    protocol: app.protocol === "grpc" || app.protocol === "grpcs" ? "grpc" : "http",
    healthPath: app.health.kind === "http" ? app.health.path : undefined,
    methods: app.methods.map((method) => ({ name: method.name, verbs: [...method.verbs] })),
    routes: [
      ...new Set(
        app.subscribes.flatMap((subscription) => [...subscription.rules.map((rule) => rule.path), subscription.route]),
      ),
    ].sort(),
    inputBindings: components
      .filter((component) => component.kind === "binding" && component.direction === "input")
      .filter((component) => component.namespace === app.namespace && app.components.includes(component.name))
      .map((component) => component.name)
      .sort(),
    actors: app.actors,
    invokes: app.invokes.map((edge) => ({
      target: sidecarTarget(edge.callee, edge.calleeNamespace, app.namespace),
      method: edge.method,
      verb: edge.verbs[0]!,
    })),
    publishes: app.publishes.map((publish) => ({ pubsub: publish.pubsub, topic: publish.topic })),
  };
}

/** A request the stand-in received from its sidecar. */
export interface ReceivedRequest {
  readonly kind: "method" | "event" | "binding" | "actor";
  readonly path: string;
  readonly verb: string;
  readonly status: number;
  /** W3C trace context the sidecar passed, when it passed one. */
  readonly traceparent: string | undefined;
  /** The CloudEvent's id and topic for an event. */
  readonly eventId?: string;
  readonly topic?: string;
  readonly at: string;
}

/** A delivery from the sidecar as the stand-in records it, before it answers. */
export interface Delivery {
  readonly kind: ReceivedRequest["kind"];
  readonly path: string;
  readonly verb: string;
  readonly traceparent: string | undefined;
  readonly eventId?: string;
  readonly topic?: string;
}

/** Records a delivery and gives the status to answer. */
export type Deliver = (delivery: Delivery) => Promise<number>;
/** Runs a handler in a server span continuing the trace the carrier (headers or gRPC metadata) holds. */
export type Serve = <T>(name: string, carrier: Record<string, unknown>, handle: () => Promise<T>) => Promise<T>;

/** How the stand-in answers a path for the next requests: fail a number of times, or always, slowly or not. */
export interface Behaviour {
  readonly path: string;
  /** Answers this status to the next `times` requests (all, when absent), then answers normally. */
  readonly status: number;
  readonly times?: number;
  readonly delayMs?: number;
}

/** What one request that makes every declared call and publication returned: one trace. */
export interface ActResult {
  readonly traceId: string;
  readonly results: readonly CallResult[];
}

/** What a call through the stand-in's sidecar returned, for the rehearsal. */
export interface CallResult {
  readonly status: number;
  readonly body: string;
  /** The trace the stand-in's own client span started, so the rehearsal can look it up in the trace store. */
  readonly traceId: string | undefined;
}

/** The actor type a stand-in hosts when its app declares actors. */
export function actorType(app: string): string {
  return `${app}-actor`;
}
