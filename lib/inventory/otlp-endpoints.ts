// Every OTLP destination a set of manifests configures, with the protocol the sender will speak, and
// whether a Service of the same set serves it. A trace sent anywhere else is lost without an error.
import { knownServices, type KnownService, type ManifestObject, type WireProtocol } from "./services.ts";

export interface OtlpEndpoint {
  /** The sending object, e.g. "Instrumentation orders/tracing". */
  readonly sender: string;
  /** Field path inside the sender. */
  readonly path: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: WireProtocol;
}

export interface UnresolvedEndpoint extends OtlpEndpoint {
  readonly reason: string;
}

/** SDK protocol when nothing says otherwise (OTel SDK defaults; Python cannot do gRPC). */
const DEFAULT_SDK_PROTOCOL: WireProtocol = "http";

/** The Instrumentation language blocks whose SDKs export OTLP. */
export const SDK_LANGUAGES = ["java", "nodejs", "python", "dotnet", "go"] as const;

/** OTEL_EXPORTER_OTLP_PROTOCOL as an Instrumentation sets it for a language (its block, then spec.env), else the SDK default. */
export function sdkOtlpProtocol(spec: any, language: string): string {
  const env = [
    ...((spec?.[language]?.env ?? []) as { name: string; value?: string }[]),
    ...((spec?.env ?? []) as { name: string; value?: string }[]),
  ];
  return env.find((variable) => variable.name === "OTEL_EXPORTER_OTLP_PROTOCOL")?.value ?? "http/protobuf";
}

export function otlpEndpoints(objects: readonly ManifestObject[]): OtlpEndpoint[] {
  return objects
    .flatMap((object) => {
      const id = `${object.kind} ${object.metadata?.namespace ?? ""}/${object.metadata?.name ?? ""}`;
      if (object.kind === "Instrumentation") return instrumentationEndpoints(id, object);
      if (object.kind === "Configuration" && object.apiVersion?.startsWith("dapr.io/")) {
        const otel = object.spec?.tracing?.otel;
        if (!otel?.endpointAddress) return [];
        return [
          endpoint(
            id,
            "spec.tracing.otel.endpointAddress",
            otel.endpointAddress,
            otel.protocol === "http" ? "http" : "grpc",
            object,
          ),
        ];
      }
      if (object.kind === "OpenTelemetryCollector") return collectorEndpoints(id, object);
      return [];
    })
    .filter((found): found is OtlpEndpoint => found !== undefined);
}

export function unresolvedEndpoints(objects: readonly ManifestObject[]): UnresolvedEndpoint[] {
  const services = knownServices(objects);
  return otlpEndpoints(objects).flatMap((found) => {
    const reason = resolve(found, services);
    return reason ? [{ ...found, reason }] : [];
  });
}

function resolve(found: OtlpEndpoint, services: readonly KnownService[]): string | undefined {
  const match = /^([a-z0-9-]+)\.([a-z0-9-]+)(\.svc(\.cluster\.local)?)?$/.exec(found.host);
  if (!match) return `"${found.host}" is not a cluster Service address (<service>.<namespace>.svc.cluster.local)`;
  const [, name, namespace] = match;
  const service = services.find((candidate) => candidate.name === name && candidate.namespace === namespace);
  if (!service) return `no Service ${namespace}/${name} in the set`;
  const port = service.ports.find((candidate) => candidate.port === found.port);
  if (!port)
    return `${service.source} exposes no port ${found.port} on ${namespace}/${name} (ports: ${service.ports.map((p) => p.port).join(", ") || "none"})`;
  if (port.protocol !== "tcp" && port.protocol !== found.protocol)
    return `port ${found.port} of ${namespace}/${name} serves ${port.protocol}, the sender speaks ${found.protocol}`;
  return undefined;
}

function instrumentationEndpoints(id: string, object: ManifestObject): (OtlpEndpoint | undefined)[] {
  const url = object.spec?.exporter?.endpoint;
  if (typeof url !== "string") return [];
  const languages = SDK_LANGUAGES.filter((language) => object.spec?.[language] !== undefined);
  const protocolFor = (language: string): WireProtocol =>
    sdkOtlpProtocol(object.spec, language) === "grpc" ? "grpc" : "http";
  const wanted = languages.length > 0 ? languages : [""];
  return wanted.map((language) =>
    endpoint(
      id,
      language ? `spec.exporter.endpoint (${language})` : "spec.exporter.endpoint",
      url,
      language ? protocolFor(language) : DEFAULT_SDK_PROTOCOL,
      object,
    ),
  );
}

function collectorEndpoints(id: string, object: ManifestObject): (OtlpEndpoint | undefined)[] {
  const exporters = (object.spec?.config?.exporters ?? {}) as Record<string, any>;
  return Object.entries(exporters).map(([name, exporter]) => {
    const type = name.split("/")[0];
    const path = `spec.config.exporters.${name}`;
    if (type === "otlp" || type === "otlp_grpc")
      return endpoint(id, `${path}.endpoint`, exporter?.endpoint, "grpc", object);
    if (type === "otlphttp" || type === "otlp_http")
      return endpoint(id, `${path}.endpoint`, exporter?.endpoint, "http", object);
    if (type === "loadbalancing" || type === "load_balancing") {
      const dns = exporter?.resolver?.dns;
      if (dns?.hostname)
        return endpoint(id, `${path}.resolver.dns.hostname`, `${dns.hostname}:${dns.port ?? 4317}`, "grpc", object);
    }
    return undefined;
  });
}

/** Parses "host:port" or "scheme://host:port[/path]"; a missing port takes the protocol's OTLP default. */
function endpoint(
  sender: string,
  path: string,
  address: unknown,
  protocol: WireProtocol,
  object: ManifestObject,
): OtlpEndpoint | undefined {
  if (typeof address !== "string") return undefined;
  const withoutScheme = address.replace(/^[a-z]+:\/\//, "").replace(/\/.*$/, "");
  const [host = "", port] = withoutScheme.split(":");
  const namespace = object.metadata?.namespace ?? "default";
  // A bare Service name resolves in the sender's namespace.
  const qualified = host.includes(".") ? host : `${host}.${namespace}.svc.cluster.local`;
  return { sender, path, host: qualified, port: port ? Number(port) : protocol === "grpc" ? 4317 : 4318, protocol };
}
