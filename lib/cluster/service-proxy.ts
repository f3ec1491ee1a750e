// kube-proxy's part in the local cluster, in user space: a TCP listener on every Service's ClusterIP and port (the
// cluster's Service block, pod-network.ts) that forwards each connection to a ready endpoint of the Service's
// EndpointSlices, in turn. A port that cannot be bound is listed, not fatal.
import { connect, createServer, type Server, type Socket } from "node:net";
import type { ClusterView, EndpointSlice } from "./pod-types.ts";

export interface ServiceProxy {
  /** Opens listeners for new Service ports, closes those of Services that are gone, takes the endpoints in. */
  update(view: ClusterView): Promise<void>;
  /** "namespace/service:port" for every port that could not be bound, with the reason. */
  unbound(): readonly string[];
  stop(): Promise<void>;
}

interface Listener {
  readonly server: Server;
  readonly sockets: Set<Socket>;
}

/**
 * `fixed`: endpoints by "namespace/service" that no EndpointSlice names, such as the API server's (default/kubernetes),
 * which listens on the machine's loopback address, one an EndpointSlice may not hold.
 */
export function startServiceProxy(
  fixed: ReadonlyMap<string, { readonly address: string; readonly port: number }> = new Map(),
): ServiceProxy {
  const listeners = new Map<string, Listener>();
  const failed = new Map<string, string>();
  let slices: readonly EndpointSlice[] = [];
  let turn = 0;

  const target = (namespace: string, service: string, portName: string | undefined) => {
    const pinned = fixed.get(`${namespace}/${service}`);
    if (pinned) return pinned;
    const candidates: { address: string; port: number }[] = [];
    for (const slice of slices) {
      if (slice.metadata.namespace !== namespace || slice.metadata.labels?.["kubernetes.io/service-name"] !== service)
        continue;
      const port = slice.ports?.find((candidate) => (candidate.name ?? "") === (portName ?? ""))?.port;
      if (port === undefined) continue;
      for (const endpoint of slice.endpoints ?? [])
        if (endpoint.conditions?.ready !== false)
          for (const address of endpoint.addresses) candidates.push({ address, port });
    }
    return candidates.length ? candidates[turn++ % candidates.length] : undefined;
  };

  const listen = (key: string, address: string, port: number, resolve: () => ReturnType<typeof target>) =>
    new Promise<void>((done) => {
      const sockets = new Set<Socket>();
      const server = createServer((client) => {
        sockets.add(client);
        client.once("close", () => sockets.delete(client));
        const endpoint = resolve();
        if (!endpoint) {
          client.destroy();
          return;
        }
        const upstream = connect(endpoint.port, endpoint.address);
        sockets.add(upstream);
        upstream.once("close", () => sockets.delete(upstream));
        client.pipe(upstream).pipe(client);
        client.on("error", () => upstream.destroy());
        upstream.on("error", () => client.destroy());
      });
      server.once("error", (error: NodeJS.ErrnoException) => {
        failed.set(key, error.code ?? error.message);
        done();
      });
      server.listen(port, address, () => {
        listeners.set(key, { server, sockets });
        done();
      });
    });

  const close = (listener: Listener) =>
    new Promise<void>((done) => {
      listener.sockets.forEach((socket) => socket.destroy());
      listener.server.close(() => done());
    });

  return {
    async update(view) {
      slices = view.endpointSlices;
      const wanted = new Set<string>();
      for (const service of view.services) {
        const clusterIp = service.spec.clusterIP;
        if (!clusterIp || clusterIp === "None") continue;
        for (const port of service.spec.ports ?? []) {
          if ((port.protocol ?? "TCP") !== "TCP") continue;
          const key = `${service.metadata.namespace}/${service.metadata.name}:${port.port}`;
          wanted.add(key);
          if (listeners.has(key) || failed.has(key)) continue;
          await listen(key, clusterIp, port.port, () =>
            target(service.metadata.namespace, service.metadata.name, port.name),
          );
        }
      }
      for (const [key, listener] of listeners)
        if (!wanted.has(key)) {
          listeners.delete(key);
          await close(listener);
        }
      for (const key of failed.keys()) if (!wanted.has(key)) failed.delete(key);
    },
    unbound: () => [...failed].map(([key, reason]) => `${key} (${reason})`).sort(),
    async stop() {
      await Promise.all([...listeners.values()].map(close));
      listeners.clear();
    },
  };
}
