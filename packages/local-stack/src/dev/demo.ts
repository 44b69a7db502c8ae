/**
 * The two requests a JSM automation rule sends, in both contracts, printed the way JSM receives
 * them (`{{webResponse.status}}`, `{{webResponse.body}}`), then the same as curl commands.
 */
export interface DemoTargets {
  tokenUrl: string;
  lookupUrl: { prod: string; stage: string };
  password: string;
  /** Only a password generated for this run is ever printed; a user's own stays a `$VARIABLE`. */
  passwordIsDemo: boolean;
  serial: string;
}

interface Seen {
  status: number;
  contentType: string;
  body: string;
}

async function send(url: string, init: RequestInit): Promise<Seen> {
  const response = await fetch(url, { method: "POST", ...init });
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    body: await response.text(),
  };
}

/** Tokens are shortened on screen: enough to recognise, not enough to reuse from a scrollback. */
const short = (token: string) =>
  token.length > 40 ? `${token.slice(0, 24)}…(${token.length} chars)` : token;

function show(title: string, seen: Seen, render: (body: string) => string = (b) => b): void {
  console.log(`\n${title}`);
  console.log(`  webResponse.status: ${seen.status}   Content-Type: ${seen.contentType}`);
  console.log(
    render(seen.body)
      .split("\n")
      .map((line) => `  ${line}`)
      .join("\n"),
  );
}

/** Legacy keys in full; `results` summarised (the whole structure is one curl away). */
function lookupView(body: string): string {
  try {
    const { results, ...keys } = JSON.parse(body) as {
      results?: { serial_number: string; found: boolean; product_name?: string | null }[];
    };
    const summary = (results ?? []).map(
      (r) => `${r.serial_number}: ${r.found ? `found (${r.product_name ?? "?"})` : "not found"}`,
    );
    return `${JSON.stringify(keys, null, 2)}\nresults: ${summary.join("; ") || "(none)"}`;
  } catch {
    return body;
  }
}

export async function runDemo(targets: DemoTargets): Promise<boolean> {
  const { tokenUrl, lookupUrl, password, serial } = targets;
  const checks: boolean[] = [];
  console.log(`\n=== Earlier contract (what existing JSM rules send), serial ${serial} ===`);
  const legacyToken = await send(tokenUrl, { headers: { password, environment: "prod" } });
  show("1) POST token, headers password + environment: prod", legacyToken, short);
  checks.push(legacyToken.status === 200);
  const legacyLookup = await send(lookupUrl.prod, {
    headers: { authorization: `Bearer ${legacyToken.body}`, "content-type": "application/json" },
    body: JSON.stringify({ fields: { serialnumber: serial } }),
  });
  show(`2) POST lookup prod, {"fields": {"serialnumber": "${serial}"}}`, legacyLookup, lookupView);
  checks.push(legacyLookup.status === 200);

  console.log(`\n=== Our contract (JSON in, JSON out) ===`);
  const jsonToken = await send(tokenUrl, {
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password, environment: "prod" }),
  });
  const token = (JSON.parse(jsonToken.body) as { token?: string }).token ?? "";
  show('1) POST token, {"password": "…", "environment": "prod"}', jsonToken, (b) =>
    b.replace(token, short(token)),
  );
  checks.push(jsonToken.status === 200);
  const jsonLookup = await send(lookupUrl.prod, {
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ serial_numbers: [serial, "NO-SUCH-SERIAL"] }),
  });
  show(
    `2) POST lookup prod, {"serial_numbers": ["${serial}", "NO-SUCH-SERIAL"]}`,
    jsonLookup,
    lookupView,
  );
  checks.push(jsonLookup.status === 200);

  const stageToken = await send(tokenUrl, { headers: { password, environment: "stage" } });
  const crossed = await send(lookupUrl.prod, {
    headers: { authorization: `Bearer ${stageToken.body}`, "content-type": "application/json" },
    body: JSON.stringify({ serial_number: serial }),
  });
  show("A stage token sent to the prod lookup", crossed);
  checks.push(crossed.status === 403);
  const stage = await send(lookupUrl.stage, {
    headers: { authorization: `Bearer ${stageToken.body}`, "content-type": "application/json" },
    body: JSON.stringify({ serial_number: serial }),
  });
  show("The same stage token sent to the stage lookup", stage, lookupView);
  checks.push(stage.status === 200);

  const ok = checks.every(Boolean);
  console.log(
    ok
      ? "\nDemo: every request answered as expected."
      : "\nDemo: some requests did NOT answer as expected (see above).",
  );
  return ok;
}

/**
 * Ready-to-paste shell commands. Every part that holds `$ACCESS_PASSWORD` or `$TOKEN` is in
 * double quotes, where the shell expands variables (inside single quotes it never does, and the
 * request would carry the literal text `$ACCESS_PASSWORD`). A user's own password is never
 * printed: only one generated for this run is (base64url characters, safe inside double quotes).
 */
export function tryItCommands(targets: DemoTargets): string[] {
  const { tokenUrl, lookupUrl, serial } = targets;
  const pass = targets.passwordIsDemo ? targets.password : "$ACCESS_PASSWORD";
  // Inside "...", a backslash and a double quote need a backslash; `$ACCESS_PASSWORD` expands.
  const doubleQuoted = (value: string) =>
    `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  return [
    `TOKEN=$(curl -s -X POST ${tokenUrl} -H "password: ${pass}" -H 'environment: prod')`,
    `curl -s -X POST ${lookupUrl.prod} -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '${JSON.stringify({ fields: { serialnumber: serial } }).replaceAll("'", "'\\''")}'`,
    `curl -s -X POST ${tokenUrl} -H 'Content-Type: application/json' -d ${doubleQuoted(`{"password": "${pass}", "environment": "stage"}`)}`,
  ];
}

export function printTryIt(targets: DemoTargets): void {
  console.log(`\n=== Try it yourself ===`);
  if (!targets.passwordIsDemo) console.log("(with ACCESS_PASSWORD exported in your shell)");
  for (const command of tryItCommands(targets)) console.log(command);
}
