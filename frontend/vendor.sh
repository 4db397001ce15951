#!/usr/bin/env bash
# Copies the front-end assets named in package.json into Floorwalk's static files,
# so the product serves every asset itself (air-gapped networks, tests).
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
target=../src/floorwalk/static/vendor
rm -rf "$target"
mkdir -p "$target/bootstrap" "$target/htmx" "$target/chartjs"
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$target/bootstrap/"
cp node_modules/bootstrap/dist/css/bootstrap.min.css.map "$target/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$target/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$target/bootstrap/"
cp node_modules/htmx.org/dist/htmx.min.js "$target/htmx/"
cp node_modules/chart.js/dist/chart.umd.min.js "$target/chartjs/"
cp node_modules/chart.js/dist/chart.umd.min.js.map "$target/chartjs/"
node -e '
const lock = require("./package-lock.json");
for (const name of Object.keys(require("./package.json").dependencies)) {
  console.log(`${name} ${lock.packages["node_modules/" + name].version}`);
}' > "$target/VERSIONS.txt"
cat "$target/VERSIONS.txt"
