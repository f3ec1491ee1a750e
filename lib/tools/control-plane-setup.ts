// `npm run setup:control-plane`: builds (or finds in the cache) the binaries the API-server tests run.
import { ensureControlPlane, ETCD_VERSION, KUBERNETES_VERSION } from "./control-plane.ts";

const binaries = await ensureControlPlane((line) => console.log(line));
console.log(
  `control plane: kube-apiserver and kubectl ${KUBERNETES_VERSION}, etcd ${ETCD_VERSION} in ${binaries.apiServer.replace(/\/kube-apiserver$/, "")}` +
    (binaries.buildSeconds > 0 ? ` (built in ${binaries.buildSeconds.toFixed(0)} s)` : " (cached)"),
);
