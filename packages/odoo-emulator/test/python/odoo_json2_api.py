"""Odoo 19's External JSON-2 API as its documentation shows it, with the standard library only.

Usage: odoo_json2_api.py <url> <db> <api_key> <password> <restricted_api_key>; prints one JSON
object of results, Odoo's error answers included.
"""
import json
import sys
import urllib.error
import urllib.request

url, db, api_key, password, restricted_key = sys.argv[1:6]


def call(model, method, body, key=api_key):
    request = urllib.request.Request(
        f"{url}/json/2/{model}/{method}",
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Authorization": f"bearer {key}",
            "Content-Type": "application/json; charset=utf-8",
            "X-Odoo-Database": db,
            "User-Agent": "odoo-emulator test python-urllib",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return {"status": response.status, "body": json.load(response)}
    except urllib.error.HTTPError as error:
        return {"status": error.code, "body": json.load(error)}


with urllib.request.urlopen(f"{url}/web/version", timeout=10) as response:
    version = json.load(response)

print(json.dumps({
    "version": version,
    "search_read": call("res.partner", "search_read", {
        "context": {"lang": "en_US"},
        "domain": [["is_company", "=", True]],
        "fields": ["name"],
        "limit": 2,
        "order": "id",
    }),
    "read": call("res.partner", "read", {"ids": [1], "fields": ["name"]}),
    "password": call("res.partner", "search_count", {"domain": []}, key=password),
    "unknown_model": call("x.nope", "search_count", {"domain": []}),
    "unknown_method": call("res.partner", "no_such_method", {}),
    "access_error": call("sale.order", "search_count", {"domain": []}, key=restricted_key),
    "bad_arguments": call("res.partner", "search_count", {"domain": [], "no_such_argument": 1}),
    "invalid_field": call("res.partner", "search_count", {"domain": [["x_nope", "=", 1]]}),
}))
