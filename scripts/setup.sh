# Shared set-up for scripts/serve and scripts/test (sourced, not run).
# Creates .venv when missing and installs the locked packages and the project into it
# (editable), again only when pyproject.toml or the lock has changed since the last install.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PACESETTER_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

ensure_venv() {
  local extras="${1:-}"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "创建虚拟环境 $VENV ..." >&2
    if ! "$PYTHON" -m venv "$VENV"; then
      echo "无法创建虚拟环境：请先安装 Python 的 venv 模块（Debian: apt-get install python3-venv）" >&2
      exit 2
    fi
  fi
  # Every package comes from the lock, each checked against its hash: an install never
  # resolves afresh, and a package changed on the index is refused. requirements/base.txt
  # serves the column; requirements/test.txt adds the test tools. Made by pip-compile
  # (README, "依赖"); the project itself is installed on top without dependencies.
  local lock="$ROOT/requirements/${extras:-base}.txt"
  local want stamp
  want="$(cat "$ROOT/pyproject.toml" "$lock" | sha256sum | cut -c1-16)-${extras:-base}"
  stamp="$VENV/.pacesetter-installed"
  local satisfied=""
  if [ -f "$stamp" ]; then
    if [ -z "$extras" ]; then
      # The test lock holds every package of the base lock: either install will do.
      local base_want test_want
      base_want="$want"
      test_want="$(cat "$ROOT/pyproject.toml" "$ROOT/requirements/test.txt" | sha256sum | cut -c1-16)-test"
      grep -qx -- "$base_want" "$stamp" && satisfied=1
      grep -qx -- "$test_want" "$stamp" && satisfied=1
    else grep -qx -- "$want" "$stamp" && satisfied=1; fi
  fi
  if [ -z "$satisfied" ]; then
    echo "安装依赖（${extras:-base}，按 requirements/${extras:-base}.txt 校验哈希）..." >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$lock"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e "$ROOT"
    echo "$want" >> "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}

# The tests need Debian's chromium (Playwright cannot download its own browser here),
# and the publishing tests a real sshd, nginx, rsync and flock on 127.0.0.1.
ensure_test_tools() {
  local want=() tool pkg
  for pair in /usr/bin/chromium:chromium /usr/sbin/sshd:openssh-server /usr/sbin/nginx:nginx \
              /usr/bin/rsync:rsync /usr/bin/ssh:openssh-client /usr/bin/flock:util-linux; do
    tool="${pair%%:*}"; pkg="${pair#*:}"
    [ -x "$tool" ] || want+=("$pkg")
  done
  [ ${#want[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "安装测试用的 Debian 软件包：${want[*]} ..." >&2
    # Installing a server package must not start it on this machine: the tests start
    # their own, on 127.0.0.1 only. policy-rc.d answering 101 forbids service starts.
    local policy=/usr/sbin/policy-rc.d added=""
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; added=1; fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want[@]}" >/dev/null
    [ -n "$added" ] && rm -f "$policy"
    return 0
  fi
  echo "测试需要这些 Debian 软件包：${want[*]}。请用 root 运行 scripts/test，或先用 apt-get 安装。" >&2
}

# The editor in the browser (/admin/, when column.yaml sets `editor: true`): the pinned
# Decap CMS bundle, fetched with npm and checked against its integrity hash before use
# (`pacesetter editor fetch`, into editor/vendor/). With "trial": also decap-server, for
# `pacesetter serve --editor` and the tests (`npm ci` in editor/, from its lock file).
ensure_editor() {
  local trial="${1:-}"
  if ! command -v npm >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "安装 Node.js 和 npm（网页编辑器的文件用 npm 下载）..." >&2
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
      echo "没有 npm：网页编辑器的文件无法下载（Debian: apt-get install npm）；column.yaml 开启 editor 时构建会停下" >&2
      return 0
    fi
  fi
  (cd "$ROOT" && pacesetter editor fetch)
  if [ -n "$trial" ]; then
    local stamp="$ROOT/editor/node_modules/.pacesetter-installed" want
    want="$(sha256sum "$ROOT/editor/package-lock.json" | cut -c1-16)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
      echo "安装 decap-server（按 editor/package-lock.json 校验）..." >&2
      (cd "$ROOT/editor" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
      echo "$want" > "$stamp"
    fi
  fi
}
