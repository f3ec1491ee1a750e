// The gRPC side of a stand-in app: Dapr's AppCallback and AppCallbackHealthCheck services, from the protos of the
// pinned dapr module (bound into the pod), as a gRPC app's sidecar calls them.
import { loadPackageDefinition, Metadata, Server, ServerCredentials, status as GrpcStatus } from "@grpc/grpc-js";
import type { sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import type { Deliver, Serve, StandInPlan } from "./stand-in-plan.ts";

type Unary = (call: ServerUnaryCall<Record<string, any>, unknown>, callback: sendUnaryData<unknown>) => void;

/** TopicEventResponse's status values. */
const SUCCESS = "SUCCESS";
const RETRY = "RETRY";

export async function startAppCallback(plan: StandInPlan, deliver: Deliver, serve: Serve): Promise<void> {
  const definition = loadSync("dapr/proto/runtime/v1/appcallback.proto", {
    includeDirs: [plan.protoRoot],
    keepCase: true,
    enums: String,
    defaults: true,
  });
  const loaded = loadPackageDefinition(definition) as any;
  const runtime = loaded.dapr.proto.runtime.v1;
  const carrier = (metadata: Metadata) => metadata.getMap() as Record<string, unknown>;
  const traceparent = (metadata: Metadata) => metadata.get("traceparent")[0]?.toString();
  const unary =
    (handle: (request: Record<string, any>, metadata: Metadata) => Promise<unknown>): Unary =>
    (call, callback) => {
      handle(call.request, call.metadata).then(
        (value) => callback(null, value),
        (error: { code?: number; message?: string }) =>
          callback({ code: error.code ?? GrpcStatus.INTERNAL, details: error.message ?? String(error) }),
      );
    };
  const failure = (status: number) => ({
    code: status === 404 ? GrpcStatus.NOT_FOUND : GrpcStatus.UNAVAILABLE,
    message: `stand-in ${plan.id} answers ${status}`,
  });

  const appCallback: UntypedServiceImplementation = {
    OnInvoke: unary(async (request, metadata) => {
      const verb = String(request.http_extension?.verb ?? "POST");
      const status = await serve(`${verb} /${request.method}`, carrier(metadata), () =>
        deliver({ kind: "method", path: `/${request.method}`, verb, traceparent: traceparent(metadata) }),
      );
      if (status >= 300) throw failure(status);
      return { content_type: "application/json", data: { type_url: "", value: Buffer.from("{}") } };
    }),
    ListTopicSubscriptions: unary(async () => ({ subscriptions: [] })),
    OnTopicEvent: unary(async (request, metadata) => {
      const status = await serve(`event ${request.topic}`, carrier(metadata), () =>
        deliver({
          kind: "event",
          path: request.path || "/",
          verb: "POST",
          traceparent: traceparent(metadata),
          eventId: request.id,
          topic: request.topic,
        }),
      );
      return { status: status < 300 ? SUCCESS : RETRY };
    }),
    ListInputBindings: unary(async () => ({ bindings: [...plan.inputBindings] })),
    OnBindingEvent: unary(async (request, metadata) => {
      const status = await serve(`binding ${request.name}`, carrier(metadata), () =>
        deliver({ kind: "binding", path: `/${request.name}`, verb: "POST", traceparent: traceparent(metadata) }),
      );
      if (status >= 300) throw failure(status);
      return {};
    }),
    OnBulkTopicEvent: unary(async () => ({ statuses: [] })),
    OnJobEvent: unary(async () => ({})),
  };
  const server = new Server();
  server.addService(runtime.AppCallback.service, appCallback);
  server.addService(runtime.AppCallbackHealthCheck.service, { HealthCheck: unary(async () => ({})) });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`${plan.address}:${plan.port}`, ServerCredentials.createInsecure(), (error) =>
      error ? reject(error) : resolve(),
    ),
  );
}
