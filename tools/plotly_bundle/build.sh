#!/bin/sh
# Rebuilds the plotly.js the site serves (static/vendor/plotly/plotly-basic.min.js and its
# LICENSE) from the npm registry: the exact packages in package-lock.json are installed in
# a temporary directory, bundled by build.mjs, and only the result is copied back, so the
# repository's own node_modules and `make test` / `make run` never see these tools.
# The same lockfile gives the same bytes, so a rebuild shows up in git only on an upgrade.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dest="$here/../../static/vendor/plotly"
work=$(mktemp -d "${TMPDIR:-/tmp}/plotly-bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

cp "$here/package.json" "$here/package-lock.json" "$here/entry.js" "$here/build.mjs" "$work/"
cd "$work"
# --ignore-scripts: nothing from the registry runs at install time; esbuild finds its
# platform binary without its postinstall step.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
node build.mjs "$work/plotly-basic.min.js"

cp "$work/plotly-basic.min.js" "$dest/plotly-basic.min.js"
node "$here/plotly_css.mjs" "$dest/plotly-basic.min.js" "$dest/plotly.css"
cp "$work/node_modules/plotly.js/LICENSE" "$dest/LICENSE"
echo "plotly.js $(node -p "require('plotly.js/package.json').version") bundle written to static/vendor/plotly/"
