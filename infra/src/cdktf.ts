/**
 * The one door to the CDK for Terraform core library.
 *
 * HashiCorp archived CDKTF on 2025-12-10 (0.21.0 is the last release). Its community fork,
 * CDK Terrain (`cdktn`), is a rename-level drop-in: switching means changing the module name on
 * the `from` lines below (and the dependency in package.json). Nothing else in infra/ imports
 * `cdktf` directly; provider bindings (`@cdktf/provider-google`) are imported by deep path.
 */

export type { ITerraformDependable } from "cdktf";
export {
  App,
  AssetType,
  GcsBackend,
  TerraformAsset,
  TerraformOutput,
  TerraformStack,
  Testing,
} from "cdktf";
export type { IConstruct } from "constructs";
export { Construct } from "constructs";
