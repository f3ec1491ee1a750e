// A Dapr Component, scoped to exactly the apps that use it; credentials only as secretKeyRef.
import type { Chart } from "cdk8s";
import { Component } from "../../imports/dapr.io.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import type { ComponentModel } from "../../lib/model/types.ts";

export function renderComponent(chart: Chart, component: ComponentModel): Component {
  return new Component(chart, constructId("component", component.namespace, component.name), {
    metadata: {
      name: component.name,
      namespace: component.namespace,
      annotations: { "trellis.io/description": component.description },
    },
    ...(component.secretStore ? { auth: { secretStore: component.secretStore } } : {}),
    spec: {
      type: component.type,
      version: component.version,
      metadata: component.metadata.map((item) => ({ ...item })),
    },
    scopes: [...component.scopes],
  });
}
