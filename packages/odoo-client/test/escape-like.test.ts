import { describe, expect, it } from "vitest";
import { escapeLikePattern } from "../src/index.ts";

describe("escapeLikePattern", () => {
  it.each([
    ["SN-001", "SN-001"],
    ["100%", "100\\%"],
    ["A_B", "A\\_B"],
    ["C:\\path", "C:\\\\path"],
    ["%_\\", "\\%\\_\\\\"],
    ["Öl_Ünïcode%", "Öl\\_Ünïcode\\%"],
    ["", ""],
  ])("%j becomes %j", (input, escaped) => {
    expect(escapeLikePattern(input)).toBe(escaped);
  });
});
