/**
 * Copies serial-lookup's SERIAL_RESULT_SCHEMA into docs/openapi.yaml
 * (components.schemas.SerialResult), keeping the rest of the document as written.
 * Run after serial-lookup changes its schema: `node packages/lookup-function/scripts/openapi-sync.ts`.
 * A test fails while the two differ.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { SERIAL_RESULT_SCHEMA } from "@jsm-odoo/serial-lookup";
import { parseDocument } from "yaml";
import { OPENAPI_PATH, serialResultComponent } from "../src/contract.ts";

const document = parseDocument(readFileSync(OPENAPI_PATH, "utf8"));
document.setIn(
  ["components", "schemas", "SerialResult"],
  serialResultComponent(SERIAL_RESULT_SCHEMA),
);
writeFileSync(OPENAPI_PATH, document.toString({ lineWidth: 100 }));
console.log(`updated components.schemas.SerialResult in ${OPENAPI_PATH}`);
