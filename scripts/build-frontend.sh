#!/usr/bin/env bash
# Builds Assure's front end from the pinned GOV.UK Frontend (frontend/package.json) into
# src/assure/core/static/assure/. The built files are committed, so installing or running
# Assure never needs npm; run this only to change assure.scss or upgrade govuk-frontend.
#
#   bash scripts/build-frontend.sh            # CSS, JS, assets, licence
#   bash scripts/build-frontend.sh --with-axe # ... and refresh tests/browser/vendor (axe-core)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
frontend="$root/frontend"
out="$root/src/assure/core/static/assure"
govuk="$frontend/node_modules/govuk-frontend/dist/govuk"

cd "$frontend"
# --ignore-scripts: nothing we use needs an install script (sass's optional file watcher has one).
npm ci --no-audit --no-fund --ignore-scripts

mkdir -p "$out"
sass_version="$(node -p 'require("./node_modules/sass/package.json").version')"
# pkg:govuk-frontend resolves through the package's "sass" export. Every deprecation known to
# this sass version is an error, so an upgrade that starts warning fails the build.
npx --no-install sass --pkg-importer=node --style=compressed --no-source-map \
  --fatal-deprecation="$sass_version" \
  assure.scss "$out/assure.css"

# The ES module bundle, and its source map: Django's ManifestStaticFilesStorage follows the
# sourceMappingURL comment, so collectstatic fails if the map is missing.
cp "$govuk/govuk-frontend.min.js" "$govuk/govuk-frontend.min.js.map" "$out/"

# Assets. Every image in govuk-frontend's dist/govuk/assets/images is the GOV.UK crown or the
# Royal Arms (favicon, govuk-icon-*, govuk-icon-mask, govuk-crest, govuk-opengraph-image) and
# fonts/ is GDS Transport, which only GOV.UK services may use: none of them is copied. Assure's
# own favicon and web manifest live in frontend/assets/.
rm -rf "$out/assets"
cp -R "$frontend/assets" "$out/assets"

# The npm package has no LICENSE file; frontend/GOVUK-FRONTEND-LICENCE.txt is the MIT licence
# from the govuk-frontend repository. Prefer the package's own, should a release ship one.
licence="$(find "$frontend/node_modules/govuk-frontend" -maxdepth 1 -iname 'licen[cs]e*' | head -n 1)"
cp "${licence:-$frontend/GOVUK-FRONTEND-LICENCE.txt}" "$out/GOVUK-FRONTEND-LICENCE.txt"

# Guard: no font faces, no crown or crest, and every url() in the CSS resolves to a built file.
if grep -q '@font-face\|GDS Transport\|govuk-crest\|govuk-icon' "$out/assure.css"; then
  echo "assure.css refers to GOV.UK fonts or crown images" >&2
  exit 1
fi
for url in $(grep -o 'url([^)]*)' "$out/assure.css" | sed -e 's/^url(["'\'']\{0,1\}//' -e 's/["'\'']\{0,1\})$//' | sort -u); do
  case "$url" in
    data:*) ;;
    /static/assure/*) [[ -f "$out/${url#/static/assure/}" ]] || { echo "missing $url" >&2; exit 1; } ;;
    *) echo "unexpected url($url) in assure.css" >&2; exit 1 ;;
  esac
done

if [[ "${1:-}" == "--with-axe" ]]; then
  bash "$root/scripts/vendor-axe.sh"
fi

echo "govuk-frontend $(node -p 'require("./node_modules/govuk-frontend/package.json").version'), sass $sass_version"
echo "Built into ${out#"$root"/}:"
(cd "$out" && find . -type f | sort | xargs wc -c)
