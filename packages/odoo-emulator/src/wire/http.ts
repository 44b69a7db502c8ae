/** Small HTTP helpers shared by the routes. */
import type { IncomingMessage, ServerResponse } from "node:http";

export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export class BodyTooLarge extends Error {}

/** Reads the whole request body (bounded). */
export const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

export const respond = (
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void => {
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(body),
    Server: "Werkzeug/3.0.1 Python/3.12.3",
    ...headers,
  });
  res.end(body);
};

export const XML = "text/xml; charset=utf-8";
export const JSON_TYPE = "application/json; charset=utf-8";
export const HTML = "text/html; charset=utf-8";

/** What werkzeug answers for unknown routes. */
export const notFoundPage = (): string =>
  "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n";

/**
 * Odoo's own 404 when a request names no database it knows (odoo/http.py NOT_FOUND_NODB): what
 * JSON-2 answers for an unknown `X-Odoo-Database`, or a route it cannot serve without one.
 */
export const noDatabasePage = (): string =>
  `<!DOCTYPE html>
<title>404 Not Found</title>
<h1>Not Found</h1>
<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>
<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>

<!-- Alternatively, use the X-Odoo-Database header. -->
`;

export const methodNotAllowedPage = (): string =>
  "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n";

/** What nginx in front of Odoo answers when Odoo is down (the "http-502" fault). */
export const badGatewayPage = (): string =>
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

export const isLoopback = (address: string | undefined): boolean =>
  address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
