// The Services a set of manifests gives a cluster: plain Services, the ones the OpenTelemetry Operator derives
// from each OpenTelemetryCollector, and the one the Tempo chart's Application installs. Reads objects only,
// so it works on any folder of YAML, not just Trellis's output.

export type WireProtocol = "grpc" | "http" | "tcp";

export interface ServicePort {
  readonly port: number;
  readonly protocol: WireProtocol;
}

export interface KnownService {
  readonly namespace: string;
  readonly name: string;
  readonly ports: readonly ServicePort[];
  /** What defines it: "Service", "OpenTelemetryCollector <name>", "Application <name>". */
  readonly source: string;
}

export interface ManifestObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: any;
}

export function knownServices(objects: readonly ManifestObject[]): KnownService[] {
  return objects.flatMap((object) => {
    if (object.kind === "Service" && object.apiVersion === "v1") return [plainService(object)];
    if (object.kind === "OpenTelemetryCollector") return collectorServices(object);
    if (object.kind === "Application" && object.spec?.source?.chart === "tempo") return [tempoService(object)];
    return [];
  });
}

function plainService(object: ManifestObject): KnownService {
  const ports = (object.spec?.ports ?? []) as { port: number; name?: string; appProtocol?: string }[];
  return {
    namespace: object.metadata?.namespace ?? "default",
    name: object.metadata?.name ?? "",
    ports: ports.map((port) => ({ port: port.port, protocol: protocolOf(port.appProtocol ?? port.name ?? "") })),
    source: "Service",
  };
}

/** The operator's `<name>-collector` and `<name>-collector-headless` Services expose each receiver's port and spec.ports. */
function collectorServices(object: ManifestObject): KnownService[] {
  const name = object.metadata?.name ?? "";
  const namespace = object.metadata?.namespace ?? "default";
  const ports: ServicePort[] = [];
  const protocols = object.spec?.config?.receivers?.otlp?.protocols ?? {};
  if (protocols.grpc) ports.push({ port: portOf(protocols.grpc.endpoint, 4317), protocol: "grpc" });
  if (protocols.http) ports.push({ port: portOf(protocols.http.endpoint, 4318), protocol: "http" });
  for (const extra of (object.spec?.ports ?? []) as { port: number; name?: string; appProtocol?: string }[]) {
    ports.push({ port: extra.port, protocol: protocolOf(extra.appProtocol ?? extra.name ?? "") });
  }
  const source = `OpenTelemetryCollector ${name}`;
  return [
    { namespace, name: `${name}-collector`, ports, source },
    { namespace, name: `${name}-collector-headless`, ports, source },
  ];
}

/** The tempo chart's Service is named after the release (or fullnameOverride) and serves the configured OTLP receivers and 3200. */
function tempoService(object: ManifestObject): KnownService {
  const helm = object.spec?.source?.helm ?? {};
  const values = helm.valuesObject ?? {};
  const protocols = values.tempo?.receivers?.otlp?.protocols ?? {};
  const ports: ServicePort[] = [{ port: 3200, protocol: "http" }];
  if (protocols.grpc) ports.push({ port: portOf(protocols.grpc.endpoint, 4317), protocol: "grpc" });
  if (protocols.http) ports.push({ port: portOf(protocols.http.endpoint, 4318), protocol: "http" });
  return {
    namespace: object.spec?.destination?.namespace ?? "default",
    name: values.fullnameOverride ?? helm.releaseName ?? object.metadata?.name ?? "",
    ports,
    source: `Application ${object.metadata?.name ?? ""}`,
  };
}

function portOf(endpoint: unknown, fallback: number): number {
  const match = typeof endpoint === "string" ? /:(\d+)$/.exec(endpoint) : null;
  return match ? Number(match[1]) : fallback;
}

function protocolOf(nameOrAppProtocol: string): WireProtocol {
  if (/grpc/i.test(nameOrAppProtocol)) return "grpc";
  if (/http/i.test(nameOrAppProtocol)) return "http";
  return "tcp";
}
