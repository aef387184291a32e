#!/usr/bin/env bash
# Checks that an HTML report renders in headless Chromium (Debian package `chromium`), without a screenshot:
# a probe injected at the top of <head> records script errors and failed loads, and after the page's load event
# writes how many images there are and how many did not decode (naturalWidth == 0) into the DOM that
# --dump-dom prints. Usage: check-report.sh REPORT.html
# Exit codes: 0 renders cleanly, 1 broken images or errors, 2 usage, 3 chromium not installed.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 REPORT.html" >&2
  exit 2
fi
report=$(realpath "$1")
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
  echo "check-report: chromium not found (apt-get install -y chromium)" >&2
  exit 3
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# No backslashes in the probe: awk -v would read them as escapes.
probe='<script>
window.__problems = [];
addEventListener("error", e => __problems.push(e.message || ("failed to load " + (e.target && (e.target.src || e.target.href)))), true);
addEventListener("load", () => {
  const images = Array.from(document.images);
  const broken = images.filter(i => !i.complete || i.naturalWidth === 0).length;
  const line = document.createElement("pre");
  line.id = "report-check";
  line.textContent = "images=" + images.length + " broken=" + broken + " errors=" + __problems.length + (__problems.length ? " " + __problems.join(" | ") : "");
  document.body.appendChild(line);
});
</script>'
awk -v probe="$probe" '!done && (i = index($0, "<head>")) { $0 = substr($0, 1, i + 5) probe substr($0, i + 6); done = 1 } { print }' \
  "$report" > "$work/report.html"
if ! grep -q 'id = "report-check"' "$work/report.html"; then
  echo "check-report: $report has no <head> element to put the probe in" >&2
  exit 1
fi

# --virtual-time-budget lets the page finish loading (and fire load) before the DOM is dumped.
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
  --user-data-dir="$work/profile" --virtual-time-budget=10000 --dump-dom "file://$work/report.html" \
  > "$work/dom.html" 2> "$work/chromium.log" || {
  echo "check-report: chromium failed on $report:" >&2
  tail -n 20 "$work/chromium.log" >&2
  exit 1
}

result=$(sed -n 's:.*<pre id="report-check">\([^<]*\)</pre>.*:\1:p' "$work/dom.html")
if [ -z "$result" ]; then
  echo "check-report: the page never finished loading in chromium ($report)" >&2
  exit 1
fi
echo "check-report: $result ($report)"
case "$result" in
  *" broken=0 errors=0") exit 0 ;;
  *) exit 1 ;;
esac
