#!/bin/sh
# Byte-identical catalogs of two builds of `nightshift extract`: each FILE under seven sets of
# options (one and two threads, --mask correct with several radii, JSON, tiny and huge apertures,
# a lower threshold), catalog, stdout, stderr and exit status compared.
#   bench/identity.sh OLD/bin/nightshift.mjs bin/nightshift.mjs FILE.fits…
# The builds must each have been built where they stand (a startup snapshot names its paths).
set -u
if [ $# -lt 3 ]; then echo "usage: bench/identity.sh A_BIN B_BIN FILE…" >&2; exit 2; fi
A=$1; B=$2; shift 2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
# two outputs the same: equal bytes, or neither written (both runs refused the file)
same() { if [ -e "$1" ] || [ -e "$2" ]; then cmp -s "$1" "$2"; fi; }
n=0; bad=0
for f in "$@"; do
  for opts in "--threads 1" "--threads 2" "--threads 1 --mask correct --aper 3,5.5,8" "--threads 2 --mask correct" "--format json" "--aper 0.5,20" "--thresh 1 --minarea 3"; do
    # shellcheck disable=SC2086 # the options are words
    "$A" extract "$f" $opts --out "$T/a.out" > "$T/a.stdout" 2> "$T/a.stderr"; ea=$?
    # shellcheck disable=SC2086
    "$B" extract "$f" $opts --out "$T/b.out" > "$T/b.stdout" 2> "$T/b.stderr"; eb=$?
    n=$((n + 1))
    if [ "$ea" != "$eb" ] || ! same "$T/a.out" "$T/b.out" || ! cmp -s "$T/a.stdout" "$T/b.stdout" || ! cmp -s "$T/a.stderr" "$T/b.stderr"; then
      bad=$((bad + 1)); echo "differ: $f $opts"
    fi
    rm -f "$T/a.out" "$T/b.out"
  done
done
echo "$n pairs, $bad differ"
[ "$bad" = 0 ]
