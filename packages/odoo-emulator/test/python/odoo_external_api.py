"""Talks to the emulator exactly as Odoo's "External API" documentation shows, with only the
standard library's xmlrpc.client, and prints what it got as one JSON document.

Usage: python3 odoo_external_api.py URL DB USERNAME PASSWORD
"""
import json
import sys
import xmlrpc.client

url, db, username, password = sys.argv[1:5]
out = {}

common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
out["version"] = common.version()

uid = common.authenticate(db, username, password, {})
out["uid"] = uid
out["bad_uid"] = common.authenticate(db, username, "not-the-password", {})

models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object")
out["companies"] = models.execute_kw(
    db, uid, password, "res.partner", "search_read",
    [[["is_company", "=", True], ["country_id.code", "=", "NO"]]],
    {"fields": ["name", "country_id", "vat"], "limit": 5, "order": "name"},
)
ids = models.execute_kw(db, uid, password, "res.partner", "search", [[["is_company", "=", True]]], {"limit": 2})
out["search"] = ids
out["read"] = models.execute_kw(db, uid, password, "res.partner", "read", [ids], {"fields": ["name", "is_company"]})
out["count"] = models.execute_kw(db, uid, password, "res.partner", "search_count", [[["is_company", "=", True]]])
out["fields"] = models.execute_kw(
    db, uid, password, "res.partner", "fields_get", [], {"attributes": ["string", "help", "type"]}
)
line = models.execute_kw(db, uid, password, "sale.order.line", "search_read", [[]], {"fields": ["price_unit"], "limit": 1})
out["price_unit_type"] = type(line[0]["price_unit"]).__name__
out["can_write"] = models.execute_kw(
    db, uid, password, "res.partner", "check_access_rights", ["write"], {"raise_exception": False}
)

try:
    models.execute_kw(db, uid, password, "res.partner", "write", [[ids[0]], {"name": "Newer partner"}])
    out["write"] = "accepted"
except xmlrpc.client.Fault as fault:
    out["write"] = {"faultCode": fault.faultCode, "faultString": fault.faultString}

try:
    models.execute_kw(db, uid, "wrong", "res.partner", "search", [[]])
except xmlrpc.client.Fault as fault:
    out["bad_password"] = {"faultCode": fault.faultCode, "faultString": fault.faultString}

print(json.dumps(out, ensure_ascii=False))
