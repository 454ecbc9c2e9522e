#!/usr/bin/env bash
# Installs the Debian packages the e2e tests and code-server need (when missing), then
# code-server 4.100.3 (VS Code 1.100.3, the newest that runs on Node 20) into a cache
# outside the repo, offline from the npm registry and Debian packages. Reused when already built.
# Prints the path of the code-server launcher on its last line.
set -euo pipefail
VERSION=4.100.3
CACHE="${GENAI_LENS_CACHE:-$HOME/.cache/genai-lens}/code-server-$VERSION"
BIN="$CACHE/node_modules/code-server/out/node/entry.js"
need=()
command -v rg >/dev/null || need+=(ripgrep)
# Chromium drives the e2e tests; the -dev libraries build code-server's native modules.
for p in chromium fonts-dejavu-core build-essential pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "code-server setup: installing Debian packages: ${need[*]}" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >&2
fi
if [ -f "$CACHE/.complete" ] && [ -f "$BIN" ]; then
  echo "$CACHE/node_modules/.bin/code-server"; exit 0
fi
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false
rm -rf "$CACHE"; mkdir -p "$CACHE"; cd "$CACHE"
echo '{"name":"code-server-cache","private":true}' > package.json
echo "code-server setup: npm install code-server@$VERSION (ignore-scripts)" >&2
npm install "code-server@$VERSION" --ignore-scripts --no-save >&2
CS="$CACHE/node_modules/code-server"
cd "$CS/lib/vscode"
echo "code-server setup: installing VS Code's own modules" >&2
npm install --omit=dev --ignore-scripts >&2
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild @parcel/watcher @vscode/spdlog kerberos native-watchdog node-pty @vscode/deviceid >&2
ln -sfn node_modules node_modules.asar
mkdir -p bin/remote-cli bin/helpers
[ -e bin/remote-cli/code-linux.sh ] && ln -sfn code-linux.sh bin/remote-cli/code-server || true
[ -e bin/helpers/browser-linux.sh ] && ln -sfn browser-linux.sh bin/helpers/browser.sh || true
(cd extensions && npm install --omit=dev --ignore-scripts >&2)
cd "$CACHE"   # npm hoists argon2 to the cache root
npm rebuild argon2 --build-from-source >&2
"$CACHE/node_modules/.bin/code-server" --version >&2
touch "$CACHE/.complete"
echo "$CACHE/node_modules/.bin/code-server"
