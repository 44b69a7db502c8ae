import { describe, expect, it } from "vitest";
import { assertEncryptedTransport } from "../src/odoo-connection.ts";

describe("the Odoo URL must encrypt the API key on the way", () => {
  it.each([
    "https://odoo.example.com",
    "https://10.0.0.7:8443/",
    "http://127.0.0.1:8069",
    "http://127.8.9.10:8069/",
    "http://localhost:8069",
    "http://odoo.localhost:8069",
    "http://[::1]:8069",
  ])("accepts %s", (url) => {
    expect(() => assertEncryptedTransport(url, "odoo_prod_server")).not.toThrow();
  });

  it.each([
    "http://odoo.example.com",
    "http://10.0.0.7:8069",
    "http://127.0.0.1.example.com",
    "http://localhost.example.com",
    "http://[2001:db8::1]",
    "HTTP://ODOO.EXAMPLE.COM",
  ])("refuses %s as CONFIG_INVALID naming the secret", (url) => {
    expect(() => assertEncryptedTransport(url, "odoo_prod_server")).toThrow(
      expect.objectContaining({
        code: "CONFIG_INVALID",
        message: expect.stringMatching(/^odoo_prod_server must be an https:\/\/ URL/),
      }),
    );
  });

  it("names only the origin, never credentials in the URL", () => {
    let message = "";
    try {
      assertEncryptedTransport("http://proxy-user:proxy-key@odoo.example.com/", "odoo_prod_server");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("http://odoo.example.com");
    expect(message).not.toContain("proxy-key");
  });
});
