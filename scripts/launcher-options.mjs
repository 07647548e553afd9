// Node's options as bin/nightshift.mjs's shell lines give them to `nightshift extract`, read from
// those lines, for the build (the startup snapshot must be made under them: scripts/build.mjs) and
// the benchmarks that start Node as the command does (bench/extract-floor.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The options of the last `exec node [$v] [$r] <options> "$f" "$@"` of bin/nightshift.mjs's shell
 * lines, `$r` (V8's options for `extract` alone, set by the first shell line) expanded in front:
 * those a snapshot depends on. `$v` (a Node option, --v8-pool-size, which it does not) is left out:
 * {@link poolSizeOption}. `root`: the repository's folder.
 */
export function launcherOptions(root) {
  const head = readFileSync(join(root, 'bin', 'nightshift.mjs'), 'utf8').split('\n').filter((l) => l.startsWith('":" //;'));
  const m = /exec node (?:\$v )?(\$r )?((?:--\S+ )+)"\$f" "\$@"$/.exec(head.at(-1) ?? '');
  if (!m) throw new Error('bin/nightshift.mjs: no `exec node [$v] [$r] <options> "$f" "$@"` in its last shell line');
  const r = /\br=; if \[ "\$1" = extract \]; then r=(--\S+);/.exec(head[0] ?? '');
  if (m[1] && !r) throw new Error('bin/nightshift.mjs: $r in its last shell line but not set for extract in its first');
  return [...(m[1] && r ? [r[1]] : []), ...m[2].trim().split(' ')];
}

/**
 * `$v` as the first shell line sets it for `extract`: --v8-pool-size=<CPUs less one, at least 1>
 * when Linux lists 1 to 3 CPUs online (`0`, `0-1` or `0-2`), else nothing.
 */
export function poolSizeOption() {
  let online;
  try {
    online = readFileSync('/sys/devices/system/cpu/online', 'utf8').trim();
  } catch {
    return [];
  }
  if (online === '0') return ['--v8-pool-size=1'];
  const m = /^0-([12])$/.exec(online);
  return m ? [`--v8-pool-size=${m[1]}`] : [];
}

/**
 * glibc.malloc.hugetlb as the last shell line sets it: `1` (malloc's large blocks in transparent
 * huge pages) unless a virtio balloon device has negotiated free page reporting (feature bit 5, the
 * sixth character of its `features` file in sysfs), where a huge page touched after an idle second is
 * a block the host dropped: `0` then. `sysfs`: the folder standing for /sys (tests).
 */
export function hugePagesTunable(sysfs = '/sys') {
  const dir = join(sysfs, 'bus', 'virtio', 'drivers', 'virtio_balloon');
  let entries = [];
  try {
    entries = readdirSync(dir).filter((e) => e.startsWith('virtio'));
  } catch {
    return 'glibc.malloc.hugetlb=1';
  }
  for (const e of entries) {
    let features;
    try {
      features = readFileSync(join(dir, e, 'features'), 'utf8');
    } catch {
      continue;
    }
    if (features[5] === '1') return 'glibc.malloc.hugetlb=0';
  }
  return 'glibc.malloc.hugetlb=1';
}
