#!/usr/bin/env bash
# Installs what the suite and the project's tests need, and does nothing that is already done:
#   npm dependencies (npm ci: Node 22 comes as the `node` devDependency), and from Debian's packages
#   PostgreSQL's server binaries, redis-server, xvfb (a virtual display for headed runs on a machine without
#   one) and (unless Playwright's own browser is installed) chromium and its headless shell; then Qdrant's engine (the PyPI wheel
#   qdrant-edge-py) in a venv of the project's own, for the local provider's vector store (stack/services/qdrant.ts).
# As root it installs them with apt-get; otherwise it says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the installers print (apt's progress, npm's notices) goes to one log; the terminal gets a line per step, and
# on a failure the log's last lines and its path.
LOG="${TMPDIR:-/tmp}/botserver-e2e-setup.log"
: >"$LOG"
# step WHAT CMD…: runs CMD with its output in the log; prints WHAT and, for npm, the line saying what it added.
step() {
  local what=$1; shift
  echo "[setup] $what" >&2
  if ! "$@" >"$LOG.step" 2>&1; then
    cat "$LOG.step" >>"$LOG"; rm -f "$LOG.step"
    echo "[setup] failed: $what; the last lines of $LOG:" >&2
    tail -n 30 "$LOG" >&2
    exit 1
  fi
  { grep -E '^(added|removed|changed) [0-9]+ packages?' "$LOG.step" || true; } | tail -n 1 | sed 's/^/[setup]   /' >&2
  cat "$LOG.step" >>"$LOG"; rm -f "$LOG.step"
}

# npm itself runs on the system's Node (20 on Debian 12) while package.json pins Node 22, which npm ci installs as
# the `node` devDependency for every npm script and npx: each package asking Node >= 22 makes npm print an
# EBADENGINE warning (about 30 lines) that is true of npm's own process only. Like the rest of npm's notices they
# go to the log, never to the terminal.
if [[ ! -x node_modules/.bin/node || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  step "npm ci" npm ci --no-audit --no-fund
fi
# The linters (npm run lint) in a package of their own: typescript-eslint needs TypeScript's JavaScript API (< 6.1),
# the project type-checks with the native TypeScript 7 (tools/lint/package.json).
if [[ ! -f tools/lint/node_modules/.package-lock.json || tools/lint/package-lock.json -nt tools/lint/node_modules/.package-lock.json ]]; then
  step "npm ci (tools/lint: the linters)" npm ci --prefix tools/lint --no-audit --no-fund
fi

missing=()
have_initdb() {
  [[ -n "${PG_BIN_DIR:-}" && -x "${PG_BIN_DIR}/initdb" ]] && return 0
  command -v initdb >/dev/null 2>&1 && return 0
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}
have_initdb || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
own_browser=$(node_modules/.bin/node -e "const {chromium}=require('playwright-core');try{process.stdout.write(require('fs').existsSync(chromium.executablePath())?'yes':'')}catch{}" 2>/dev/null || true)
if [[ "$own_browser" != yes && ! -x /usr/bin/chromium ]]; then missing+=(chromium); fi
# Its headless shell: what headless runs launch (about half the CPU of the full browser; fixtures/browser.ts).
if [[ "$own_browser" != yes && ! -x /usr/bin/chromium-headless-shell ]]; then missing+=(chromium-headless-shell); fi
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    step "apt-get update" apt-get update -qq
    step "apt-get install ${missing[*]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "[setup] missing: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install -y ${missing[*]}) and run again." >&2
    exit 1
  fi
fi

# Qdrant's engine (stack/services/qdrant.ts, local provider): the wheel in a venv under node_modules/ (ignored by git;
# npm ci removes it and the next setup makes it again). The marker names the version installed.
QDRANT_EDGE=qdrant-edge-py==0.9.0
QDRANT_VENV=node_modules/.cache/qdrant-edge/venv
if [[ ! -f "$QDRANT_VENV/installed-$QDRANT_EDGE" ]]; then
  step "pip install $QDRANT_EDGE (the local vector store's engine)" bash -c \
    "python3 -m venv --clear '$QDRANT_VENV' && '$QDRANT_VENV/bin/pip' install -q --disable-pip-version-check '$QDRANT_EDGE' && touch '$QDRANT_VENV/installed-$QDRANT_EDGE'"
fi
