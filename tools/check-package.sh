#!/usr/bin/env bash
# The office's install, tried end to end: pack the package from a clean copy of the sources, install
# it as an unprivileged user into an empty prefix (npm install -g --prefix, nothing else from the
# project), start `phuluc start` from an empty folder and reach the console, the pane and the
# intake over HTTP; write a manifest; back up while it runs and restore elsewhere; stop it with
# SIGTERM; check the systemd unit against the installed command. Prints the figures (tarball size,
# install time) and exits non-zero at the first thing that does not work.
#
#   tools/check-package.sh [--prebuilt] [--keep DIR]
#
# --prebuilt  pack the dist/ already built in this checkout (CI: `npm test` built it moments before)
#             instead of building again in the copy (the prepack script's full build, ~2 min).
# --keep DIR  work in DIR and leave everything there (the test reads the manifest it wrote).
# Needs: node and npm (the registry for the package's dependencies), git, tar; as root, useradd and
# runuser (the install runs as the user phuluc-ci); systemd-analyze for the unit (skipped without).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
prebuilt=0
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prebuilt) prebuilt=1 ;;
    --keep) work="$2"; shift ;;
    *) echo "check-package: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$work" ] || work=$(mktemp -d /tmp/phuluc-package.XXXXXX)
rm -rf "$work" && mkdir -p "$work" && chmod 755 "$work"
fail() { echo "check-package: FAILED: $*" >&2; [ -f "$work/run.err" ] && tail -20 "$work/run.err" >&2; exit 1; }
step() { echo "check-package: $*"; }

# 1. Pack from a clean copy: the files git knows (tracked, and new ones not ignored), the checkout's node_modules.
src="$work/src"
mkdir -p "$src"
(cd "$repo" && git ls-files -z -co --exclude-standard | grep -zv '^node_modules$' | tar --null -T - -cf - 2>/dev/null) | tar -xf - -C "$src"
ln -s "$(readlink -f "$repo/node_modules")" "$src/node_modules"
if [ "$prebuilt" = 1 ]; then
  [ -f "$repo/dist/addin/taskpane.html" ] && [ -f "$repo/dist/console/index.html" ] || fail "--prebuilt: run npm run build first"
  mkdir -p "$src/dist" && cp -r "$repo/dist/addin" "$repo/dist/console" "$src/dist/"
fi
step "npm pack ($([ "$prebuilt" = 1 ] && echo 'prebuilt pages' || echo 'full build'))"
tgz_name=$(cd "$src" && PHULUC_PREBUILT=$prebuilt npm pack --silent --pack-destination "$work" | tail -1)
tgz="$work/$tgz_name"
[ -f "$tgz" ] || fail "npm pack wrote no tarball"
tar -tzf "$tgz" > "$work/contents.txt"
for f in package/bin/phuluc.js package/dist/node/worker/cli.js package/dist/node/worker/ingest/pool-thread.js package/dist/console/index.html \
         package/dist/addin/taskpane.html package/shared/catalog/2023.json package/manifest.xml package/addin/build/manifest-transform.js \
         package/deploy/phuluc.service package/docs/install.md; do
  grep -qx "$f" "$work/contents.txt" || fail "the tarball lacks $f"
done
! grep -qE '^package/(tests|bench|worker/.*\.ts|node_modules)/|\.map$|^package/dist/addin/manifest\.xml$|^package/dist/node/bench/' "$work/contents.txt" || fail "the tarball carries sources, tests, maps or the build's manifest: $(grep -E '^package/(tests|bench)/|\.map$' "$work/contents.txt" | head -3)"
tgz_bytes=$(stat -c %s "$tgz")
step "tarball $tgz_name: $((tgz_bytes / 1024)) KiB, $(wc -l < "$work/contents.txt") files"

# 2. Install as an unprivileged user into an empty prefix.
user=""
if [ "$(id -u)" = 0 ]; then
  user=phuluc-ci
  id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
  chown -R "$user" "$work"
fi
# The prefix is empty but for lib/: npm 11.19's --strict-allow-scripts check looks at prefix/lib before creating it (ENOENT).
mkdir -p "$work/home" "$work/prefix/lib" "$work/empty" "$work/etc"
# npm's download cache outlives the work folder, so that a second run on this machine downloads nothing.
export npm_config_cache="${TMPDIR:-/tmp}/phuluc-check-package-npm-cache"
mkdir -p "$npm_config_cache"
[ -z "$user" ] || chown -R "$user" "$work/home" "$work/prefix" "$work/empty" "$work/etc" "$npm_config_cache"
as() {
  if [ -n "$user" ]; then runuser -u "$user" -- env HOME="$work/home" "$@"
  else env HOME="$work/home" "$@"; fi
}
# An install into a prefix reads that prefix's global npmrc, not this npm's: carry over the CA file the
# machine's npm is set to use (a network that inspects TLS), so the registry is reached the same way.
cafile=$(npm config get cafile 2>/dev/null || true)
[ -z "$cafile" ] || [ "$cafile" = null ] || [ "$cafile" = undefined ] || export npm_config_cafile="$cafile"
[ -z "$user" ] || runuser -u "$user" -- test -w "$work/prefix" || fail "the user $user cannot reach $work (a parent folder is closed to others): choose another --keep"
# Without the internet, better-sqlite3 builds from source (node-gyp) against the headers of the installed Node.
[ -n "${npm_config_nodedir:-}" ] || { [ -f /usr/include/node/node.h ] && export npm_config_nodedir=/usr; } || true
step "npm install -g --prefix (as ${user:-$(id -un)})"
t0=$(date +%s.%N)
as npm install -g --prefix "$work/prefix" --allow-scripts=better-sqlite3 --strict-allow-scripts --no-audit --no-fund "$tgz" > "$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "npm install -g"; }
t1=$(date +%s.%N)
install_s=$(awk "BEGIN { printf \"%.0f\", $t1 - $t0 }")
pkg="$work/prefix/lib/node_modules/phuluc"
[ -x "$work/prefix/bin/phuluc" ] || fail "no bin/phuluc in the prefix"
ls "$pkg/node_modules/better-sqlite3/build/Release/better_sqlite3.node" >/dev/null || fail "better-sqlite3 was not built"
for dev in react webpack typescript vitest @fluentui; do [ ! -e "$pkg/node_modules/$dev" ] || fail "a build tool was installed on the server: $dev"; done
# Packages that declare Node 22 but run on 20 (the tests pass on 20.20): any other one stops the check.
engines=$(grep -o "package: '[^']*'" "$work/install.log" | sed "s/package: '//; s/'//; s/@[0-9][^@]*$//" | sort -u | tr '\n' ' ')
for p in $engines; do case "$p" in cookie|nanoid) ;; *) fail "a new package refuses this Node version (EBADENGINE): $p";; esac; done
step "installed in ${install_s}s ($(du -sh "$work/prefix" | cut -f1)); Node-22-only packages tolerated on $(node --version): ${engines:-none}"
phuluc="$work/prefix/bin/phuluc"

# 3. Start in an empty folder (the configuration elsewhere: an ephemeral port), reach everything over HTTP.
printf '{ "http": { "port": 0 }, "inbox": { "settleMs": 0 }, "backup": { "dir": "./sao-luu" } }\n' > "$work/etc/phuluc.config.json"
[ -z "$user" ] || chown "$user" "$work/etc/phuluc.config.json"
(cd "$work/empty" && as "$phuluc" start --config "$work/etc/phuluc.config.json" > "$work/run.out" 2> "$work/run.err") &
runner=$!
url=""
for _ in $(seq 1 120); do
  url=$(grep -o 'Trang quản lý của Phòng Tài chính - Kế hoạch: http://[0-9.:]*' "$work/run.out" 2>/dev/null | grep -o 'http://.*' || true)
  [ -n "$url" ] && break
  kill -0 "$runner" 2>/dev/null || fail "phuluc start exited: $(cat "$work/run.out")"
  sleep 0.5
done
[ -n "$url" ] || fail "phuluc start gave no address in 60 s"
# The service's own process (node running the installed bin), not runuser above it.
pid=$(pgrep -f "^node $work/prefix/bin/phuluc start" | head -1 || true)
[ -n "$pid" ] || fail "cannot find the service's process"
[ -z "$(ls -A "$work/empty")" ] || fail "phuluc start wrote into the working folder: $(ls -A "$work/empty")"
probe() { node -e '
  const [url, want, needle, header] = process.argv.slice(1);
  fetch(url, { redirect: "manual" }).then(async (r) => {
    const body = await r.text();
    if (String(r.status) !== want) throw new Error(`${url}: ${r.status}, expected ${want}`);
    if (needle && !body.includes(needle)) throw new Error(`${url}: no "${needle}" in the answer`);
    if (header && !r.headers.get(header)) throw new Error(`${url}: no ${header} header`);
  }).catch((e) => { console.error(e.message); process.exit(1); });' "$@"; }
probe "$url/healthz" 200 '"ok":true' || fail healthz
probe "$url/" 200 'console.js' content-security-policy || fail "the console's page"
probe "$url/addin/taskpane.html" 200 'phuluc-intake' content-security-policy || fail "the pane's page"
probe "$url/addin/help.html" 200 'Hướng dẫn phần bổ trợ' || fail "the pane's help page"
probe "$url/api/v1/console/csrf" 200 csrfToken || fail "the console's API"
probe "$url/api/v1/submissions" 401 'mã truy cập' || fail "the intake without a token"
token=$(as "$phuluc" token --unit LDTBXH --config "$work/etc/phuluc.config.json" | tail -1)
as "$phuluc" templates --config "$work/etc/phuluc.config.json" --out "$work/mau" > /dev/null 2>&1 || fail "phuluc templates"
node -e '
  const [url, token, file] = process.argv.slice(1);
  fetch(`${url}/api/v1/submissions`, { method: "POST", body: require("fs").readFileSync(file),
    headers: { authorization: `Bearer ${token}`, "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "x-file-name": "LDTBXH.xlsx" } })
    .then(async (r) => { const b = await r.json(); if (![201, 422].includes(r.status) || !(b.receipt || b.errors)) throw new Error(`${r.status} ${JSON.stringify(b).slice(0, 200)}`); })
    .catch((e) => { console.error(e.message); process.exit(1); });' "$url" "$token" "$work/mau/LDTBXH.xlsx" || fail "the intake did not take a template"
step "reached $url: the console, /addin/taskpane.html, the intake (a template posted with a token was read)"

# 4. The manifest for this system's address, a backup while it runs, a restore elsewhere.
as "$phuluc" manifest --url https://phuluc.example.gov.vn/addin/ --out "$work/etc/manifest.xml" > /dev/null || fail "phuluc manifest"
grep -q 'https://phuluc.example.gov.vn/addin/taskpane.html' "$work/etc/manifest.xml" || fail "the manifest names another address"
b0=$(date +%s.%N)
as "$phuluc" backup --config "$work/etc/phuluc.config.json" --out "$work/etc/sao-luu/ban-sao.tar.gz" > "$work/backup.out" || fail "phuluc backup while the service runs"
b1=$(date +%s.%N)
as "$phuluc" restore "$work/etc/sao-luu/ban-sao.tar.gz" --to "$work/etc/khoi-phuc/data" > "$work/restore.out" || fail "phuluc restore"
grep -q 'Sổ theo dõi: 1 lần nộp' "$work/restore.out" || fail "the restored ledger: $(cat "$work/restore.out")"
as "$phuluc" status --config "$work/etc/khoi-phuc/data/phuluc.config.json" > /dev/null || fail "phuluc status on the restored folder"
step "manifest written; backup $(stat -c %s "$work/etc/sao-luu/ban-sao.tar.gz") bytes in $(awk "BEGIN { printf \"%.1f\", $b1 - $b0 }")s, restored and read"

# 5. SIGTERM: a clean stop.
kill -TERM "$pid"
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
! kill -0 "$pid" 2>/dev/null || fail "still running 30 s after SIGTERM"
wait "$runner" || fail "phuluc start exited with $? on SIGTERM"
grep -q 'Đã dừng.' "$work/run.out" || fail "no clean stop: $(tail -3 "$work/run.out")"

# 6. The systemd unit, with the command where this install put it.
if command -v systemd-analyze >/dev/null 2>&1; then
  sed "s#^ExecStart=phuluc #ExecStart=$phuluc #" "$pkg/deploy/phuluc.service" > "$work/phuluc.service"
  out=$(systemd-analyze verify "$work/phuluc.service" 2>&1) || fail "systemd-analyze verify: $out"
  [ -z "$out" ] || fail "systemd-analyze verify: $out"
  step "systemd-analyze verify: the unit is accepted"
else
  step "systemd-analyze not found: the unit was not checked here"
fi
echo "check-package: OK — tarball $((tgz_bytes / 1024)) KiB, install ${install_s}s, in $work"
