#!/usr/bin/env bash
# Refreshes the dashboard's front-end libraries from npm, exactly as package-lock.json pins them, and copies
# the dist files the dashboard uses (with their licences) into the embedded folder. The copies are committed,
# so `dotnet build` needs no node; run this only to change a library's version (edit package.json, `npm install
# --save-exact` there, then this).
set -euo pipefail
cd "$(dirname "$0")/../src/LogWarden/Web/Dashboard"
(cd npm && npm ci --no-audit --no-fund --loglevel=error)
version=$(node -p 'require("./npm/node_modules/uplot/package.json").version')
rm -rf wwwroot/vendor && mkdir -p wwwroot/vendor
# Versioned names: the server gives them a year's immutable cache (a new version is a new name).
cp npm/node_modules/uplot/dist/uPlot.esm.js "wwwroot/vendor/uplot-$version.esm.js"
cp npm/node_modules/uplot/dist/uPlot.min.css "wwwroot/vendor/uplot-$version.min.css"
cp npm/node_modules/uplot/LICENSE "wwwroot/vendor/uplot-$version.LICENSE.txt"
# Point the dashboard's own files at the new names.
find wwwroot -path wwwroot/vendor -prune -o \( -name '*.js' -o -name '*.html' -o -name '*.css' \) -print0 \
  | xargs -0 sed -i "s#vendor/uplot-[0-9.]*\.\(esm\.js\|min\.css\)#vendor/uplot-$version.\1#g"
echo "vendored uplot $version into $(pwd)/wwwroot/vendor"
