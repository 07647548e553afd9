#!/bin/sh
":" //; f=$0; m=; l=; s=; v=; r=; if [ "$1" = extract ]; then r=--no-rehash-snapshot; m=:glibc.malloc.mmap_threshold=33554432; c=/sys/devices/system/cpu/online; [ -r $c ] && read -r c < $c && case $c in 0) v=--v8-pool-size=1;; 0-[12]) v=--v8-pool-size=${c#0-};; esac; unset NODE_EXTRA_CA_CERTS; [ -L "$f" ] && f=$(readlink -f "$f"); l=${f%/*}/../out/cli/extract-launch.cjs; [ -f "$l" ] && [ "${NIGHTSHIFT_FROM_SOURCE-}" != 1 ] && [ "${NIGHTSHIFT_BUNDLES-}" != off ] && f=$l || f=$0; fi
":" //; b=${l%/*}/extract.blob; if [ "$f" = "$l" ] && [ "${NIGHTSHIFT_SNAPSHOT-}" != off ] && [ -z "${NODE_OPTIONS-}" ] && [ -f "$b" ] && [ -f "$b.node" ] && read -r p < "$b.node"; then IFS=:; for d in $PATH; do [ -f "$d/node" ] && [ -x "$d/node" ] && { [ "$d/node" = "$p" ] && [ "$b" -nt "$p" ] && s=$p; break; }; done; unset IFS; fi
":" //; h=1; for d in /sys/bus/virtio/drivers/virtio_balloon/virtio*/features; do [ -r "$d" ] && read -r x < "$d" && case $x in ?????1*) h=0;; esac; done; export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=$h$m" MALLOC_ARENA_MAX=1; [ -n "$s" ] && exec "$s" $v $r --max-semi-space-size=1 --initial-old-space-size=24 --snapshot-blob "$b" "$@"; exec node $v $r --max-semi-space-size=1 --initial-old-space-size=24 "$f" "$@"
// The `nightshift` command: the built CLI when `npm run build` has made it, else the TypeScript
// sources through tsx (a fresh `npm ci` needs no build).
//
// The file is both a shell script and an ES module: sh runs the lines above (`":"` is its no-op
// command and `//` that command's argument) and execs Node on this same file (or, for `extract`, on
// the built entry or snapshot below), for which each of those lines is a string followed by a
// comment. The shell sets what must be set before Node starts:
// --max-semi-space-size=1 (MB): V8's young generation stays at its initial size instead of growing to
// 2 × 16 MB while a large extraction's objects survive; at 4096² that is ~20 MB of peak RSS for the
// same CPU time. A Node option only takes effect on the command line (v8.setFlagsFromString at run
// time comes too late: the young generation has already grown), hence here.
// --initial-old-space-size=24 (MB): V8 starts collecting the old generation at 24 MB rather than
// its small initial limit, which a 2048² extraction crossed at ~7 MB: from there V8 marked
// incrementally (every scavenge slower) and ended in a full mark-compact (4–8 ms). At 32 MB, 2048²
// took 13 ms less CPU and 17 ms less wall (15 alternating runs; GC 25–46 → 11–13 ms), m67 the same,
// 1024² (no full collection either way) unchanged, but 4096²'s peak RSS rose 139 → 141–144 MB; at
// 24 MB 2048² has one early mark-compact (5 MB, ~2.6 ms) and the same wall and CPU as at 32 within
// the noise (21 alternating runs), and 4096² peaks 4 MB lower than at 32 (140 MB, 5 runs), room the
// startup snapshot below takes.
// For `extract` only ($r), --no-rehash-snapshot (V8): the process keeps the string hash seed its
// startup snapshot holds (the one drawn when that snapshot was built: Node's own, or
// out/cli/extract.blob's below) instead of drawing a new one and rehashing every string and hash
// table of the snapshot: ~2–4 ms of each start (`node -e 0` 28.4 → 24.0 ms, 80 runs; with the
// change before it, 25 alternating runs of `extract`: 256² 0.923 and 1024² 0.975 of the time). A
// seed of its own guards a process that takes requests against keys chosen to collide in its hash
// tables (hash flooding); `extract` hashes only what a local file gives it (a FITS header's keywords,
// as many as the header has cards), so the worst a crafted header could do is parse slowly. The
// other commands (`host` and `worker` take requests) draw their seed as Node does.
// For `extract` on a machine of fewer than 4 CPUs (Linux's list of those online, read without a
// process: `0` or `0-N`), --v8-pool-size=<their number less one, at least 1>: V8's background
// threads (its compilers, the garbage collector's helpers) leave the main thread a core of its own,
// where Node starts 4 and they took the main thread's CPU from it (its time waiting for a core up to
// 4–6 ms of a 1024² stage). At 2 CPUs, 4 × 15 alternating runs of 2 threads against 4: 1024²
// 0.876–0.962 of the time, 2048² 0.955–0.964, m67 0.967, 256² 0.959, the batch of 8 × 2048² 0.941
// (9 rounds); then 1 against 2 (2026-12-07, 21–31 alternating runs): 256² 0.949, 1024² 0.969 and
// 1.003, 2048² 0.955, m67 0.955, Spitzer 0.920, 4096² 0.992. A Node option, not V8's: the snapshot
// below starts under either.
// MALLOC_ARENA_MAX=1 (glibc; ignored elsewhere): the strip workers' threads allocate from the one
// malloc arena, so what a closed worker freed serves what comes after it instead of staying in an
// arena of its own: ~5 MB of a 4096² extraction's peak RSS on two threads, same CPU time.
// GLIBC_TUNABLES glibc.malloc.hugetlb=1 (glibc ≥ 2.35; ignored elsewhere; appended to the caller's
// tunables): malloc asks for transparent huge pages (madvise) on the large blocks an image's pixels
// live in, so the kernel faults in 2 MB at a time instead of 4 kB. On a VM where a first touch
// costs ~10 µs per 4 kB page (a fresh 16 MB array: 47 ms, with huge pages 2–7 ms), `extract` of a
// 4096² image went from 1.36 to 1.10 s and a 2048² from 0.61 to 0.52 s, catalogs identical, peak
// RSS within 1–2 MB.
// But not (hugetlb=0, malloc's default) on a VM whose balloon device reports the guest's free pages
// to the host (virtio feature bit 5, VIRTIO_BALLOON_F_REPORTING, the sixth character of the device's
// negotiated `features` in sysfs, read by the shell without a process): the guest reports its free
// 2 MB blocks a few seconds after they are freed and the host drops them, and a huge page is such a
// block, so a huge page touched after the machine idled a second is a fault on the host. There
// (2026-12-08, the 2-core VM, bench/README.md): a fresh 16 MB buffer filled in a new process 1 s
// after the last took 1.8–192 ms with huge pages (median 27, half above 20) against 8.6–12.9 ms
// without; a 1024² `extract` with 1 s between runs median 170 ms against 93 (SExtractor 71), the
// batch of 8 × 2048² back to back 0.85–1.02 s against 1.03–1.48, 4096² 0.56–0.65 s against
// 0.49–1.15; only back-to-back single runs gain from them (1024² ~7 ms: the snapshot's 5 MB read
// into malloc's memory at Node's start, the file's read).
// For `extract` also glibc.malloc.mmap_threshold=33554432 (32 MB, fixed): blocks below it come from
// malloc's heap, which, V8's reservations standing where the heap would grow, malloc extends by
// mmap in whole 2 MB-aligned huge-page chunks (with hugetlb=1), where a block of its own was a
// mapping of its size that huge pages covered only in part: the file's 4 MB read at 1024² in 1.3
// instead of 7.5 ms (strace), ~650 fewer page faults a run, read stage CPU −4 to −6 ms at 1024² and
// 2048², 4096² peak RSS 138 → 139 MB (its 64 MB pixels stay a mapping of their own); with
// hugetlb=0 the same as malloc's dynamic threshold within the noise (25 alternating 1024² runs). The
// long-running commands (`host`, `worker`) keep malloc's dynamic threshold.
// `extract`, once built, runs out/cli/extract-launch.cjs (src/cli/extract-launch.ts) instead of this
// file: a CommonJS main file, so that Node never starts its ES module loader, whose modules it
// would compile from source (V8 refuses the code Node carries for them under a V8 flag such as the
// one below): ~20 ms of CPU of every extraction. A symbolic link to this file is resolved first
// (readlink -f, only then); from the sources (NIGHTSHIFT_FROM_SOURCE=1), with NIGHTSHIFT_BUNDLES=off
// or without a build, this file runs as before.
// Better still, `extract` starts from its startup snapshot, out/cli/extract.blob (the build makes it:
// src/cli/extract-snapshot.ts), whose heap holds the extract bundle loaded with its compiled
// functions: ~7–10 ms less of each run (bench/README.md). Only when it fits: Node refuses a snapshot
// made by another Node or under other V8 flags, and the run would fail. So the second shell line
// takes it only when out/cli/extract.blob.node names the `node` this PATH finds first (the one
// that built it), the blob is newer than that file (not replaced since), NODE_OPTIONS is empty
// (its flags would not match), NIGHTSHIFT_SNAPSHOT is not `off`, and `extract` would run its
// bundle anyway; it then execs that node with the same options and `--snapshot-blob`.
// NODE_EXTRA_CA_CERTS is dropped for `extract` only: Node reads and parses that certificate file
// when it starts, before any code of ours runs (45 ms for Debian's 144-certificate bundle on the
// 2-core VM: `node -e 0` 115 → 70 ms), and `extract` never opens a TLS connection. The commands
// that may (`worker` and `host` to a Redis or mail server behind a private CA) keep it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'cli', 'main.js');
let entry;
if (existsSync(built) && process.env.NIGHTSHIFT_FROM_SOURCE !== '1') {
  entry = pathToFileURL(built).href;
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href;
}
const { main, finish } = await import(entry);
const argv = process.argv.slice(2);
// finish: the exit status, and for commands that leave nothing running, the end of the process
finish(argv, await main(argv));
