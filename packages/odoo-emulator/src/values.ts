/**
 * Python floats on the wire. JavaScript has one number type, but Odoo marshals float fields as
 * `<double>` even when integral (1.0); XML-RPC clients in typed languages see the difference.
 * The ORM wraps float field values in PyFloat; JSON output unwraps it through toJSON.
 */
export class PyFloat {
  readonly value: number;

  constructor(value: number) {
    this.value = value;
  }

  toJSON(): number {
    return this.value;
  }
}
