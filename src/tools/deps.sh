#!/usr/bin/env bash
# Installs the Debian 12 packages that building, running and testing qtcl need.
# Idempotent: packages already present are not touched, and apt is not called at all
# when nothing is missing (so an ordinary user with the packages present needs no root).
set -euo pipefail

PKGS=(
  build-essential            # gcc, make
  postgresql-15              # server binaries (initdb, postgres, pg_ctl)
  postgresql-server-dev-15   # PGXS, server headers, pg_regress (pulls clang-14 for LLVM bitcode)
  libpq-dev                  # libpq headers (sync worker, tests)
  libssl-dev                 # OpenSSL libcrypto: SHA3/SHAKE EVP
  libcurl4-openssl-dev       # libcurl (QRNG fetches)
  postgresql-15-pgtap        # pgTAP extension
  libtap-parser-sourcehandler-pgtap-perl  # pg_prove
  libipc-run-perl            # PostgreSQL::Test::Cluster (integration layer)
  clang-14                   # libFuzzer harnesses
  libclang-rt-14-dev         # libFuzzer and sanitizer runtimes for clang-14
  ent                        # entropy statistics of the pool's output (tests)
  rng-tools5                 # rngtest: FIPS 140-2 tests of the pool's output (tests)
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PKGS[@]} packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "deps: missing packages (${missing[*]}) and no root or passwordless sudo to install them." >&2
    echo "deps: run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# An update first: a fresh machine may have stale or empty package lists.
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
