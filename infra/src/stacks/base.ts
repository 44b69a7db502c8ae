/** What every stack starts with: the Google provider and its own state path in the GCS backend. */
import { GoogleProvider } from "@cdktf/provider-google/lib/provider/index.js";
import { GcsBackend, type TerraformStack } from "../cdktf.ts";
import type { InfraConfig } from "../config.ts";
import { stateFolder } from "../names.ts";

export function configureStack(
  stack: TerraformStack,
  config: InfraConfig,
  stackName: string,
): void {
  new GoogleProvider(stack, "google", { project: config.projectId, region: config.region });
  // One state folder per stack (`<prefix>/<stack>/default.tfstate`, and `default.tflock` while
  // locked): planning or applying stage never locks or reads prod's state.
  new GcsBackend(stack, { bucket: config.stateBucket, prefix: stateFolder(config, stackName) });
}
