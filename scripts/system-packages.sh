#!/usr/bin/env bash
# The system packages hipcoach needs beyond Python's wheels: Pango for WeasyPrint (printed documents) and
# fonts with full Unicode and colour emoji; with --test also poppler-utils, whose pdftotext and pdftoppm the
# document tests read the PDFs with. What is missing is installed with apt-get where this runs as root on
# Debian or Ubuntu; elsewhere the script names the packages and stops (Pango) or warns (fonts, tools).
set -euo pipefail

required=()
wanted=()
# Found the way WeasyPrint itself looks for it (ctypes), on Linux and macOS alike.
python3 -c "import ctypes.util, sys; sys.exit(0 if ctypes.util.find_library('pango-1.0') else 1)" \
  || required+=(libpango-1.0-0 libpangoft2-1.0-0)
if command -v fc-list >/dev/null; then
  families="$(fc-list : family)"  # read once: grep -q in a pipe could end fc-list early (SIGPIPE, pipefail)
  grep -qi 'DejaVu Sans' <<<"$families" || wanted+=(fonts-dejavu-core)
  grep -qi 'Noto Color Emoji' <<<"$families" || wanted+=(fonts-noto-color-emoji)
else
  required+=(fontconfig)
  wanted+=(fonts-dejavu-core fonts-noto-color-emoji)
fi
if [ "${1:-}" = "--test" ]; then
  command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || wanted+=(poppler-utils)
fi

missing=("${required[@]}" "${wanted[@]}")
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's ${missing[*]} (PDF documents: Pango, fonts; their tests: poppler-utils)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
if [ ${#required[@]} -gt 0 ]; then
  echo "hipcoach's printed documents need ${required[*]} from the system (Debian/Ubuntu: sudo apt-get install" \
    "${missing[*]}; macOS: brew install pango)." >&2
  exit 1
fi
echo "Note: ${wanted[*]} not installed: PDFs fall back to other fonts (emoji may be missing) and the PDF tests" \
  "that read pages skip (Debian/Ubuntu: sudo apt-get install ${wanted[*]})." >&2
