import { describe, expect, it } from "vitest";
import { mediaTypeForLog } from "../../src/http/media-type.ts";

describe("mediaTypeForLog", () => {
  it.each([
    [undefined, undefined],
    ["application/json", "application/json"],
    [" Text/Plain ; charset=UTF-8", "text/plain"],
    [["application/x-www-form-urlencoded", "text/plain"], "application/x-www-form-urlencoded"],
    ["application/vnd.api+json", "application/vnd.api+json"],
    ["", "(invalid)"],
    ["json", "(invalid)"],
    ["a/b/c", "(invalid)"],
    ["text/plain\u0000x", "(invalid)"],
    [`${"a".repeat(65)}/json`, "(invalid)"],
    [`application/json${" ".repeat(200)};charset=utf-8`, "application/json"],
    [`application/${"j".repeat(200)}`, "(invalid)"],
  ])("reads %j as %j", (header, expected) => {
    expect(mediaTypeForLog(header)).toBe(expected);
  });
});
