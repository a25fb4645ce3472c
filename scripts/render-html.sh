#!/usr/bin/env bash
# Renders the HTML confidence reports of the bundled examples and screenshots each in headless
# Chromium, to check them as a browser shows them (desktop and phone widths, and printed to PDF).
#
#   scripts/render-html.sh            # PNGs in docs/images, HTML and PDF in a temporary folder
#   HTML_DIR=out scripts/render-html.sh
#   SEXTANT_BINARY=.build/debug/sextant scripts/render-html.sh   # skip the release build
#
# Installs Debian's chromium package with apt-get when no Chromium is found (sudo when not root).
# The pages need nothing but the file itself: Chromium runs without network access to them
# (their Content-Security-Policy forbids any request), so a screenshot shows what a reader sees.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
IMAGES="$ROOT/docs/images"
HTML_DIR="${HTML_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/sextant-html.XXXXXX")}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

CHROMIUM="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$CHROMIUM" ]; then
    echo "==> installing chromium (apt-get)"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
    CHROMIUM="$(command -v chromium)"
fi

if [ -z "${SEXTANT_BINARY:-}" ]; then
    echo "==> swift build -c release --product sextant"
    swift build -c release --product sextant
    SEXTANT_BINARY="$ROOT/.build/release/sextant"
fi

# Absolute paths: the calibrate step runs in $HTML_DIR (a binary found on PATH stays as it is).
case "$SEXTANT_BINARY" in */*) SEXTANT_BINARY="$(cd "$(dirname "$SEXTANT_BINARY")" && pwd)/$(basename "$SEXTANT_BINARY")" ;; esac
mkdir -p "$IMAGES" "$HTML_DIR"
HTML_DIR="$(cd "$HTML_DIR" && pwd)"

# render NAME ARGS…: the HTML report of `sextant ARGS… --format html` (gate's exit status 1, not
# ready, is a report too).
render() {
    local name="$1"
    shift
    echo "==> sextant $* --format html -o $HTML_DIR/$name.html"
    "$SEXTANT_BINARY" "$@" --format html --quiet -o "$HTML_DIR/$name.html" || [ $? -eq 1 ]
}

# shoot NAME WIDTH HEIGHT SUFFIX: a screenshot of the page at that window size.
shoot() {
    local name="$1" width="$2" height="$3" suffix="$4"
    local png="$IMAGES/$name$suffix.png"
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --no-first-run --no-default-browser-check --disable-extensions --disable-background-networking \
        --window-size="$width,$height" --screenshot="$png" "file://$HTML_DIR/$name.html" >/dev/null 2>&1
    echo "    $png"
}

render report report samples/sessions.csv --by week
render review review samples/sessions.csv --changes samples/changes.yaml
# calibrate writes its scenario to -o and its report (the fit and the check) to standard output.
# It runs in $HTML_DIR and writes sessions.yaml there, so that the page's title names the sample
# ("Calibration: sessions → sessions.yaml"), not the temporary folder.
echo "==> sextant calibrate samples/sessions.csv --check -o sessions.yaml --format html > $HTML_DIR/calibrate.html"
(
    cd "$HTML_DIR"
    "$SEXTANT_BINARY" calibrate "$ROOT/samples/sessions.csv" --reasons "$ROOT/samples/reason-mapping.yaml" --check --quiet \
        -o sessions.yaml --format html >calibrate.html
)
render gate gate samples/sessions.csv --policy scenarios/gate-policy.yaml
render plan plan scenarios/staged-autopilot-rollout.yaml --policy scenarios/gate-policy.yaml --levers
render plan-contained plan scenarios/service-ecommerce.yaml --contained-floor 0.85 --window-weeks 1 --levers --rank-by contained
for scenario in scenarios/*.yaml; do
    case "$scenario" in *-policy.yaml) continue ;; esac
    render "simulate-$(basename "$scenario" .yaml)" simulate "$scenario"
done

# Desktop width, the top of each page (where the guide and the first charts are).
for page in "$HTML_DIR"/*.html; do
    shoot "$(basename "$page" .html)" 900 1300 ""
done
# A phone's width for the sample log's report, and the whole of it printed to PDF.
shoot report 390 1500 "-phone"
"$CHROMIUM" --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$HTML_DIR/report.pdf" \
    "file://$HTML_DIR/report.html" >/dev/null 2>&1
echo "    $HTML_DIR/report.pdf"
echo "==> HTML and PDF in $HTML_DIR; screenshots in $IMAGES"
