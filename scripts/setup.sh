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
  if [ ! -f "$stamp" ] || ! grep -qx -- "$want" "$stamp"; then
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

# The browser tests drive Debian's chromium (Playwright cannot download its own here).
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "安装 Debian 的 chromium（浏览器测试用）..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "浏览器测试需要 /usr/bin/chromium：请用 root 运行 scripts/test，或先执行 apt-get install chromium" >&2
  fi
}
