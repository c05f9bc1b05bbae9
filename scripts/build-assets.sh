#!/usr/bin/env bash
# Rebuild the vendored front-end assets from npm.
#
# Not run by make: the outputs are committed, so the site never needs the
# network (or a CDN) at run time. Run this by hand to upgrade, then review the
# diff. Needs node >= 20.19 and npm; everything else is fetched from npm into a
# temporary directory, never into the repository.
#
#   scripts/build-assets.sh            # build in a throwaway temp dir
#   BUILD_DIR=/tmp/assets-build scripts/build-assets.sh   # keep the build dir
#
# GOV.UK Frontend's Sass is compiled here rather than copying its prebuilt CSS
# because the GDS Transport font and the crown/crest images are restricted to
# GOV.UK services: we use a system font stack and drop the crest.
set -euo pipefail

# Exact versions, with the npm tarball integrity hashes we expect.
GOVUK_FRONTEND_VERSION=6.6.0
GOVUK_FRONTEND_INTEGRITY=sha512-xctkWrQvLnvQt7fyjQ3MGX9S0wz0x0RQuLxCeoXF+s8EjGICG81/DYQGKN5qgO+0KVT12UAaRwUsGY6fulRcRg==
SASS_VERSION=1.108.2
SASS_INTEGRITY=sha512-kugK8djotnG9HQRPTOf36asKYlxg8rWWsNLYHOgWDIVOiZQqlRfKBgF4XXM6kfw146kIDMvm57B4GIkvDSyTzA==
HTMX_VERSION=4.0.1
HTMX_INTEGRITY=sha512-oF7JgXhDW9UXCy/k1ZYFUQgzu/rm19ORWPSPNL91vPluB2PB9+MV55tyQdH/w7o2EAbTYUG5SDW1R60mdkdqGg==
AXE_CORE_VERSION=4.14.1
AXE_CORE_INTEGRITY=sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GOVUK_OUT=$REPO/static/vendor/govuk-frontend
HTMX_OUT=$REPO/static/vendor/htmx
AXE_OUT=$REPO/tests/browser/vendor

if [[ -n "${BUILD_DIR:-}" ]]; then
  mkdir -p "$BUILD_DIR"
else
  BUILD_DIR=$(mktemp -d)
  trap 'rm -rf "$BUILD_DIR"' EXIT
fi
cd "$BUILD_DIR"

fail() { echo "build-assets: $*" >&2; exit 1; }

# --- fetch -------------------------------------------------------------------
[[ -f package.json ]] || echo '{"name": "opensend-assets-build", "private": true}' > package.json
# No install scripts and no optional deps: sass only needs them for --watch.
npm install --save-exact --ignore-scripts --omit=optional --no-audit --no-fund \
  "govuk-frontend@$GOVUK_FRONTEND_VERSION" \
  "sass@$SASS_VERSION" \
  "htmx.org@$HTMX_VERSION" \
  "axe-core@$AXE_CORE_VERSION"

check_package() {  # name version integrity
  node -e '
    const [name, version, integrity] = process.argv.slice(1);
    const pkg = require("./node_modules/.package-lock.json").packages["node_modules/" + name];
    if (!pkg || pkg.version !== version || pkg.integrity !== integrity) {
      console.error(`build-assets: ${name}: expected ${version} ${integrity}, got ${pkg && pkg.version} ${pkg && pkg.integrity}`);
      process.exit(1);
    }' "$1" "$2" "$3"
}
check_package govuk-frontend "$GOVUK_FRONTEND_VERSION" "$GOVUK_FRONTEND_INTEGRITY"
check_package sass "$SASS_VERSION" "$SASS_INTEGRITY"
check_package htmx.org "$HTMX_VERSION" "$HTMX_INTEGRITY"
check_package axe-core "$AXE_CORE_VERSION" "$AXE_CORE_INTEGRITY"

# Strip a trailing "//# sourceMappingURL=..." comment: we don't ship the maps, and
# ManifestStaticFilesStorage fails collectstatic on a reference to a missing file.
copy_without_source_map() {  # src dest
  sed -e 's|//# sourceMappingURL=[^ ]*$||' "$1" > "$2"
}

# --- GOV.UK Frontend: CSS ----------------------------------------------------
cat > _url-handlers.scss <<'SCSS'
// The only image GOV.UK Frontend's CSS refers to is the crown crest in the
// footer's Crown copyright logo, which only GOV.UK services may use. Drop it,
// and stop the build if a new version refers to anything else, so that someone
// checks whether it may be used outside GOV.UK before it is shipped.
@function image-url($filename) {
  @if $filename == "govuk-crest.svg" {
    @return none;
  }
  @error "GOV.UK Frontend now refers to image #{$filename}: check its licence, then update scripts/build-assets.sh";
}

// GDS Transport is restricted to GOV.UK services; no font file may be referenced.
@function font-url($filename) {
  @error "GOV.UK Frontend asked for font #{$filename}; GDS Transport must not be used";
}
SCSS

cat > opensend-govuk.scss <<'SCSS'
@use "sass:meta";
@use "url-handlers";
@use "govuk-frontend/dist/govuk" with (
  $govuk-font-family: (system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif),
  $govuk-include-default-font-face: false,
  $govuk-image-url-function: meta.get-function("image-url", $module: "url-handlers"),
  $govuk-font-url-function: meta.get-function("font-url", $module: "url-handlers")
);

// The crest was dropped above; hide the empty box the pseudo-element would draw.
.govuk-footer__copyright-logo::before {
  display: none;
}
SCSS

mkdir -p "$GOVUK_OUT"
npx --no-install sass --style=compressed --no-source-map --load-path=node_modules \
  --quiet-deps opensend-govuk.scss "$GOVUK_OUT/govuk-frontend.min.css"

css=$GOVUK_OUT/govuk-frontend.min.css
grep -qi "GDS Transport" "$css" && fail "compiled CSS still mentions GDS Transport"
grep -qi "@font-face" "$css" && fail "compiled CSS has an @font-face rule"
grep -qiE "fonts/|\.woff|url\([^)]*(crest|crown|govuk-icon|logo)" "$css" && fail "compiled CSS refers to a restricted asset"
# Any url() other than data: URIs must be a file we ship.
{ grep -oE 'url\([^)]*\)' "$css" || true; } | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//' | { grep -v '^data:' || true; } | sort -u |
  while read -r ref; do
    [[ -f "$GOVUK_OUT/$ref" ]] || fail "compiled CSS refers to $ref, which is not vendored"
  done

# --- GOV.UK Frontend: JS, licence, version -----------------------------------
GOVUK_DIST=node_modules/govuk-frontend/dist/govuk
copy_without_source_map "$GOVUK_DIST/govuk-frontend.min.js" "$GOVUK_OUT/govuk-frontend.min.js"
# The npm package has no licence file; this is LICENSE.txt from
# github.com/alphagov/govuk-frontend ("license": "MIT" in its package.json).
cat > "$GOVUK_OUT/LICENCE.txt" <<'TXT'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
TXT
echo "$GOVUK_FRONTEND_VERSION" > "$GOVUK_OUT/VERSION"

# --- htmx --------------------------------------------------------------------
mkdir -p "$HTMX_OUT"
copy_without_source_map node_modules/htmx.org/dist/htmx.min.js "$HTMX_OUT/htmx.min.js"
cp node_modules/htmx.org/LICENSE "$HTMX_OUT/LICENCE.txt"
echo "$HTMX_VERSION" > "$HTMX_OUT/VERSION"

# --- axe-core (browser accessibility tests only; never served) ---------------
mkdir -p "$AXE_OUT"
cp node_modules/axe-core/axe.min.js "$AXE_OUT/axe.min.js"
cp node_modules/axe-core/LICENSE "$AXE_OUT/LICENSE"
echo "$AXE_CORE_VERSION" > "$AXE_OUT/VERSION"

echo "build-assets: done. Review the diff under static/vendor/ and tests/browser/vendor/."
