/**
 * A function's deploy artifact, zipped at synth and uploaded under a content-hash object name:
 * a code change gives a new object name (and so a new deployment); an unchanged build gives the
 * same name, so Terraform sees nothing to do.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { StorageBucketObject } from "@cdktf/provider-google/lib/storage-bucket-object/index.js";
import { AssetType, Construct, TerraformAsset } from "../cdktf.ts";
import { InfraError } from "../errors.ts";

export interface FunctionSourceProps {
  /** Folder `pnpm build` fills (`index.js` + `package.json`). */
  readonly artifactDir: string;
  /** Bucket that holds sources (by name: it may live in another stack). */
  readonly bucket: string;
  /** Object name prefix, e.g. `token` -> `token/<hash>.zip`. */
  readonly objectPrefix: string;
}

/** Files every deploy artifact must contain (docs/architecture.md, "Conventions"). */
const REQUIRED_FILES = ["index.js", "package.json"] as const;

export class FunctionSource extends Construct {
  /** Content hash of the artifact folder (paths and bytes). */
  readonly hash: string;
  readonly bucket: string;
  /** Reference to the uploaded object's name: a function using it waits for the upload. */
  readonly objectName: string;

  constructor(scope: Construct, id: string, props: FunctionSourceProps) {
    super(scope, id);
    assertArtifact(props.artifactDir);
    this.hash = hashArtifact(props.artifactDir);
    this.bucket = props.bucket;

    // cdktf's own hash reads file contents only (a renamed file keeps the hash), so we pass ours.
    const asset = new TerraformAsset(this, "archive", {
      path: props.artifactDir,
      type: AssetType.ARCHIVE,
      assetHash: this.hash,
    });
    const object = new StorageBucketObject(this, "object", {
      bucket: props.bucket,
      name: `${props.objectPrefix}/${this.hash}.zip`,
      source: asset.path,
      contentType: "application/zip",
    });
    this.objectName = object.name;
  }
}

function assertArtifact(dir: string): void {
  const missing = REQUIRED_FILES.filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    throw new InfraError(
      "INFRA_ARTIFACT_MISSING",
      `Deploy artifact not found: ${dir} lacks ${missing.join(" and ")}. Run \`pnpm build\` first.`,
    );
  }
}

/** SHA-256 over every file's relative path and bytes, in sorted order; 32 hex characters. */
export function hashArtifact(dir: string): string {
  const hash = createHash("sha256");
  for (const file of listFiles(dir)) {
    hash.update(relative(dir, file).split(sep).join("/"));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 32);
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...listFiles(path));
    else files.push(path);
  }
  return files;
}
