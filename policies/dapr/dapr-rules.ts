// Dapr rules: unscoped or leaking components, annotations the injector ignores, traffic the sidecar cannot
// deliver, subscriptions that silently receive nothing, invalid resiliency, open access and weak control planes.
import type { Rule } from "../../lib/policies/rule.ts";
import { componentUnscoped } from "./component-unscoped.ts";
import { inlineSecret } from "./inline-secret.ts";
import { componentMetadata } from "./component-metadata.ts";
import { unknownAnnotation } from "./unknown-annotation.ts";
import { appProtocolInvalid } from "./app-protocol-invalid.ts";
import { appPortMissing } from "./app-port-missing.ts";
import { configMissing } from "./config-missing.ts";
import { subscriptionPubsubMissing } from "./subscription-pubsub-missing.ts";
import { subscriptionV1alpha1 } from "./subscription-v1alpha1.ts";
import { deadLetterMissing } from "./dead-letter-missing.ts";
import { deadLetterBreaker } from "./dead-letter-breaker.ts";
import { duplicateComponent } from "./duplicate-component.ts";
import { actorStateStore } from "./actor-state-store.ts";
import { resiliencyInvalid } from "./resiliency-invalid.ts";
import { resiliencyTargetUnknown } from "./resiliency-target-unknown.ts";
import { sidecarResources } from "./sidecar-resources.ts";
import { tracingDisabled } from "./tracing-disabled.ts";
import { accessControlOpen } from "./access-control-open.ts";
import { mtlsDisabled } from "./mtls-disabled.ts";
import { controlPlaneNotHa } from "./control-plane-not-ha.ts";
import { secretstoreRbacMissing } from "./secretstore-rbac-missing.ts";
import { secretScopesMissing } from "./secret-scopes-missing.ts";
import { builtinSecretstoreNoToken } from "./builtin-secretstore-no-token.ts";
import { retrySideEffect } from "./retry-side-effect.ts";

export const DAPR_RULES: readonly Rule[] = [
  componentUnscoped,
  inlineSecret,
  componentMetadata,
  unknownAnnotation,
  appProtocolInvalid,
  appPortMissing,
  configMissing,
  subscriptionPubsubMissing,
  subscriptionV1alpha1,
  deadLetterMissing,
  deadLetterBreaker,
  duplicateComponent,
  actorStateStore,
  resiliencyInvalid,
  resiliencyTargetUnknown,
  sidecarResources,
  tracingDisabled,
  accessControlOpen,
  mtlsDisabled,
  controlPlaneNotHa,
  secretstoreRbacMissing,
  secretScopesMissing,
  builtinSecretstoreNoToken,
  retrySideEffect,
];
