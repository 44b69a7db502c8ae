/**
 * The media type of a `Content-Type` header, as a log line may show it: `type/subtype` in lower
 * case, or `(invalid)`. Parameters (charset, boundary...) and anything past the first 160
 * characters are never looked at: the header is the caller's, and a log needs to know what kind of
 * body it was, not to carry 15 KB of it.
 */
export function mediaTypeForLog(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const head = value.slice(0, 160);
  const semicolon = head.indexOf(";");
  const type = (semicolon === -1 ? head : head.slice(0, semicolon)).trim();
  return MEDIA_TYPE.test(type) ? type.toLowerCase() : "(invalid)";
}

// RFC 9110 8.3.1: type "/" subtype, each a token; 64 characters each is plenty for real types.
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9a-z-]{1,64}\/[!#$%&'*+.^_`|~0-9a-z-]{1,64}$/i;
