#!/usr/bin/env bash
# pgtree.sh DEST: a private PostgreSQL 15 installation under DEST with qtcl installed in it.
#
# Why: installing into /usr needs root and makes every checkout on the machine share one
# qtcl.so. PostgreSQL finds its share and lib directories relative to the executable, so a
# copy of bin/ next to symlinked lib/ and share/ trees behaves as its own installation
# (PostgreSQL's own "make check" temp-install works the same way). Nothing outside DEST changes.
# Prints the bin directory of the tree.
set -euo pipefail
dest=${1:?usage: pgtree.sh DEST}
PG_CONFIG=${PG_CONFIG:-pg_config}
bindir=$("$PG_CONFIG" --bindir)
pkglibdir=$("$PG_CONFIG" --pkglibdir)
sharedir=$("$PG_CONFIG" --sharedir)
top=$(cd "$(dirname "$0")/../.." && pwd)

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
if [ ! -x "$dest$bindir/postgres" ]; then
  mkdir -p "$dest$bindir" "$dest$pkglibdir" "$dest$sharedir"
  # Real copies: PostgreSQL resolves symlinks to find its own location.
  cp -a "$bindir/." "$dest$bindir/"
  # Symlinked files in real directories, so qtcl's files can be added beside them.
  cp -rs "$pkglibdir/." "$dest$pkglibdir/"
  cp -rs "$sharedir/." "$dest$sharedir/"
fi
make -s -C "$top" install DESTDIR="$dest" >/dev/null
# The tree must answer with its own paths, or the server would load the system's files.
got=$("$dest$bindir/pg_config" --sharedir)
if [ "$got" != "$dest$sharedir" ]; then
  echo "pgtree: $dest$bindir/pg_config reports sharedir $got, not $dest$sharedir: this PostgreSQL build is not relocatable" >&2
  exit 1
fi
echo "$dest$bindir"
