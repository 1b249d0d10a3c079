# Sourced by the make targets and scripts: puts Runway's tools first on PATH.
# Node 22 comes from .runway/tools when the machine's node is older.
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# shellcheck source=scripts/versions.sh
source "$ROOT/scripts/versions.sh"
if [ -x "$NODE_DIR/bin/node" ] && ! { command -v node >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 22 ]; }; then
  export PATH="$NODE_DIR/bin:$PATH"
  # native addons (better-sqlite3) build against the headers shipped in the package
  export npm_config_nodedir="$NODE_DIR"
fi
# bin/ holds a `yarn` that runs the repo's bundled Yarn (see .yarnrc.yml yarnPath)
export PATH="$TOOLS_DIR/bin:$ROOT/node_modules/.bin:$VENV_DIR/bin:$PATH"
