#!/usr/bin/env bash
# Prints a new API key for an Odoo login, made by Odoo's own generator inside `odoo shell`
# (the web form asks for the user's password again, which RPC cannot do). For
# `pnpm conformance --api-key-command 'packages/conformance/scripts/odoo-apikey.sh {login}'`.
#
#   ODOO_SHELL='docker exec -i odoo odoo shell -d conformance --no-http' odoo-apikey.sh LOGIN
#
# ODOO_SHELL is the command that opens `odoo shell` on the database and reads Python from stdin
# (in GitHub Actions: docker exec into the odoo:<version> container). The key lasts 365 days
# (Odoo 18+ keys expire; 16 and 17 keys do not).
set -euo pipefail
login=${1:?usage: odoo-apikey.sh LOGIN (with ODOO_SHELL set)}
: "${ODOO_SHELL:?set ODOO_SHELL to the command that runs odoo shell on the database}"
[[ $login =~ ^[A-Za-z0-9._@+-]+$ ]] || { echo "odoo-apikey: unsafe login $login" >&2; exit 2; }
out=$(bash -c "$ODOO_SHELL" 2>&1 <<PY
import datetime
user = env['res.users'].search([('login', '=', '$login')])
if not user:
    raise SystemExit('odoo-apikey: no user with login $login')
keys = env['res.users.apikeys'].with_user(user).sudo()
try:  # Odoo 18+ takes an expiration date
    key = keys._generate(None, 'conformance', datetime.datetime.now() + datetime.timedelta(days=365))
except TypeError:
    key = keys._generate(None, 'conformance')
env.cr.commit()
print('APIKEY=' + key)
PY
) || true
key=$(printf '%s\n' "$out" | grep -o 'APIKEY=[0-9a-f]*' | cut -d= -f2 || true)
[ -n "$key" ] || { echo "odoo-apikey: failed: $(printf '%s\n' "$out" | tail -n 3)" >&2; exit 1; }
echo "$key"
