# Shared set-up for scripts/serve and scripts/test (sourced, not run).
# Creates .venv when missing and installs the project into it (editable), again
# only when pyproject.toml has changed since the last install.
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
  local want stamp
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)-${extras:-base}"
  stamp="$VENV/.pacesetter-installed"
  # The base install is part of every other, so any install of this pyproject.toml will do.
  local satisfied=""
  if [ -f "$stamp" ]; then
    if [ -z "$extras" ]; then grep -q -- "^${want%-base}-" "$stamp" && satisfied=1
    else grep -qx -- "$want" "$stamp" && satisfied=1; fi
  fi
  if [ -z "$satisfied" ]; then
    echo "安装依赖（${extras:-base}）..." >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    if [ -n "$extras" ]; then
      "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[$extras]"
    else
      "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT"
    fi
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
