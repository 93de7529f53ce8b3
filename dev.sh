#!/usr/bin/env bash
# GovServ developer entry point. Two commands do all the set-up on Debian 12:
#
#   ./dev.sh run    install what is missing, build, create the demo replica, open the window
#   ./dev.sh test   install what is missing (test tools too), build, run every test suite
#
# Both are non-interactive (apt-get -y, sudo only when not root) so CI can run them.
set -euo pipefail

cd "$(dirname "$0")"
BUILD_DIR=${BUILD_DIR:-_build}

# Debian 12 packages. Runtime and build:
RUN_PACKAGES=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsqlite3-dev libsoup-3.0-dev
  libjson-glib-dev libsodium-dev libsecret-1-dev glib-networking
  desktop-file-utils appstream
)
# Tests: headless X, a session bus and the accessibility bus for the AT-SPI flows,
# screenshots, clang for the fuzz harnesses, SQLCipher for the storage benchmark,
# flatpak-builder to parse the manifest, gnome-keyring as the Secret Service for the
# keyring-unlock test.
TEST_PACKAGES=(
  xvfb xauth dbus dbus-x11 at-spi2-core libatspi2.0-dev imagemagick gnome-keyring
  clang libclang-rt-14-dev libsqlcipher-dev flatpak-builder
)

install_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  echo "Installing: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    meson setup "$BUILD_DIR" "$@"
  fi
  meson compile -C "$BUILD_DIR"
}

cmd_run() {
  install_packages "${RUN_PACKAGES[@]}"
  build -Dprofile=development

  local data_home=${XDG_DATA_HOME:-$HOME/.local/share}
  local replica="$data_home/govserv"
  local passfile="$BUILD_DIR/demo-passphrase"
  printf '%s\n' "$DEMO_PASSPHRASE" > "$passfile"
  chmod 600 "$passfile"

  if [ ! -e "$replica/replica.keys" ]; then
    echo "Creating the demo office in $replica …"
    meson devenv -C "$BUILD_DIR" govserv --replica "$replica" --passphrase-file "$PWD/$passfile" demo
  fi

  echo
  echo "GovServ demo replica: $replica"
  echo "Demo passphrase:      $DEMO_PASSPHRASE"
  echo
  exec meson devenv -C "$BUILD_DIR" govserv --replica "$replica"
}

cmd_test() {
  install_packages "${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
  build
  meson test -C "$BUILD_DIR" --print-errorlogs
}

# The demo office is a demo: its passphrase is public (README.md).
DEMO_PASSPHRASE="demo office passphrase"

case "${1:-}" in
  run) cmd_run ;;
  test) cmd_test ;;
  *)
    echo "usage: ./dev.sh run | ./dev.sh test" >&2
    exit 2
    ;;
esac
