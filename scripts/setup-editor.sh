#!/usr/bin/env bash
# Installs what the real-editor tests need, idempotently: Debian packages (Chromium, Neovim, the
# headers code-server's native modules build against, ripgrep), code-server 4.100.3 and
# playwright-core into .cache/editor (git-ignored). A second run only checks and skips.
# Recipe: ../shared/E2E.md (code-server's own install scripts would download things this
# machine cannot reach).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="$ROOT/.cache/editor"
CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
step() { printf '\n== setup-editor: %s\n' "$*"; }
fail() { printf '\n!! setup-editor failed at: %s\n' "$CURRENT" >&2; }
trap fail ERR
CURRENT=start

CURRENT="Debian packages"
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v nvim >/dev/null || need+=(neovim)
command -v rg >/dev/null || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
dpkg -s libsecret-1-dev >/dev/null 2>&1 || need+=(libsecret-1-dev)
if [ ${#need[@]} -gt 0 ]; then
  step "apt-get install ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
else
  step "Debian packages: present (chromium, neovim, ripgrep, libkrb5-dev, libsecret-1-dev)"
fi

mkdir -p "$CACHE"
cd "$CACHE"
[ -f package.json ] || echo '{ "name": "tcpfsm-editor-cache", "private": true }' > package.json

CURRENT="code-server $CODE_SERVER_VERSION"
CS="$CACHE/node_modules/code-server"
VSCODE="$CS/lib/vscode"
if [ -f "$CACHE/.code-server-$CODE_SERVER_VERSION.ok" ]; then
  step "code-server $CODE_SERVER_VERSION: present"
else
  step "code-server $CODE_SERVER_VERSION: npm install (no scripts)"
  npm install --no-audit --no-fund --ignore-scripts "code-server@$CODE_SERVER_VERSION" >/dev/null
  CURRENT="code-server: VS Code's own dependencies"
  step "code-server: VS Code's dependencies"
  (cd "$VSCODE" && npm install --no-audit --no-fund --unsafe-perm --omit=dev --ignore-scripts >/dev/null)
  mkdir -p "$VSCODE/node_modules/@vscode/ripgrep/bin"
  cp "$(command -v rg)" "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"
  CURRENT="code-server: native modules"
  step "code-server: rebuild native modules (node-pty's post-install error is harmless)"
  (cd "$VSCODE" && npm rebuild --unsafe-perm >/dev/null 2>&1 || true)
  ln -sfn node_modules "$VSCODE/node_modules.asar"
  npm rebuild argon2 >/dev/null
  CURRENT="code-server: check"
  node "$CS/out/node/entry.js" --version >/dev/null
  touch "$CACHE/.code-server-$CODE_SERVER_VERSION.ok"
fi

CURRENT="playwright-core"
if [ -d "$CACHE/node_modules/playwright-core" ]; then
  step "playwright-core: present"
else
  step "playwright-core $PLAYWRIGHT_VERSION: npm install"
  npm install --no-audit --no-fund "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null
fi

CURRENT="final check"
"$CS/out/node/entry.js" --version 2>/dev/null | head -1 | sed 's/^/code-server /' || node "$CS/out/node/entry.js" --version | head -1
chromium --version
nvim --version | head -1
step "ready: $CACHE"
