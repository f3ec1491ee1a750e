// Jaeger v2 (tools/jaeger: upstream's cmd/jaeger at module v1.76.0 = Jaeger v2.13.0, the newest the module proxy
// serves; the image Trellis runs is newer), to validate the rendered Jaeger config as Jaeger decodes it.
import { ensureModuleTool, type ModuleTool } from "./module-tool.ts";

export const JAEGER: ModuleTool = {
  name: "jaeger",
  version: "v2.13.0",
  packagePath: "github.com/jaegertracing/jaeger/cmd/jaeger",
  coldBuild: "4 minutes",
};

export function ensureJaeger(log: (line: string) => void = () => {}): Promise<string> {
  return ensureModuleTool(JAEGER, log).then((built) => built.path);
}
