/**
 * The two users the suite checks, made as docs/odoo-integration-user.md prescribes: the
 * integration user is an Internal User whose only other group grants Read on exactly the models
 * the lookup reads; the broader user has Inventory/User and Sales/User (own documents), as an
 * operator might wrongly pick. Their groups are set again on every run, so a drifted setup is
 * repaired rather than trusted.
 */
import { randomBytes } from "node:crypto";
import { LOOKUP_MODELS } from "@jsm-odoo/serial-lookup";
import { ConformanceError } from "../errors.ts";
import type { OdooWriter } from "../writer/odoo-writer.ts";

export const READ_ONLY_GROUP = "JSM integration (read only)";

export interface SuiteUser {
  login: string;
  name: string;
  /** XML ids of Odoo's own groups, besides the read-only group where `readOnlyGroup`. */
  groups: readonly string[];
  readOnlyGroup: boolean;
}

export const INTEGRATION_USER: SuiteUser = {
  login: "jsm-conformance-integration",
  name: "JSM integration (conformance)",
  groups: ["base.group_user"],
  readOnlyGroup: true,
};

export const BROADER_USER: SuiteUser = {
  login: "jsm-conformance-broader",
  name: "JSM broader rights (conformance)",
  groups: ["base.group_user", "stock.group_stock_user", "sales_team.group_sale_salesman"],
  readOnlyGroup: false,
};

/** The group of the guide: one access line per model, Read only. */
export async function ensureReadOnlyGroup(writer: OdooWriter): Promise<number> {
  const lines: unknown[] = [[5, 0, 0]];
  for (const model of LOOKUP_MODELS) {
    const [modelId] = await writer.search("ir.model", [["model", "=", model]]);
    if (modelId === undefined) {
      throw new ConformanceError("CONFORMANCE_SEED", `Odoo has no model ${model}`);
    }
    lines.push([
      0,
      0,
      {
        name: `${READ_ONLY_GROUP}: ${model}`,
        model_id: modelId,
        perm_read: true,
        perm_write: false,
        perm_create: false,
        perm_unlink: false,
      },
    ]);
  }
  const groupId = await writer.findOrCreate("res.groups", [["name", "=", READ_ONLY_GROUP]], {
    name: READ_ONLY_GROUP,
  });
  await writer.write("res.groups", [groupId], { model_access: lines });
  return groupId;
}

/** Creates or updates the user with exactly its groups; returns the uid. */
export async function ensureUser(
  writer: OdooWriter,
  user: SuiteUser,
  readOnlyGroupId: number,
): Promise<number> {
  const groupIds = await Promise.all(user.groups.map((xmlId) => writer.ref(xmlId)));
  if (user.readOnlyGroup) groupIds.push(readOnlyGroupId);
  // `groups_id` up to 18, `group_ids` in 19 (whose form shows privileges instead).
  const groupsField = writer.major >= 19 ? "group_ids" : "groups_id";
  const [existing] = await writer.search("res.users", [["login", "=", user.login]]);
  const values = { name: user.name, active: true, [groupsField]: [[6, 0, groupIds]] };
  if (existing !== undefined) {
    await writer.write("res.users", [existing], values);
    return existing;
  }
  // A long random password nobody knows: the integration logs in with an API key only.
  return writer.create("res.users", {
    ...values,
    login: user.login,
    password: randomBytes(32).toString("base64url"),
  });
}
