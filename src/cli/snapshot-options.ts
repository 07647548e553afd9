/**
 * Node's `--snapshot-blob` among a process's options (extract-snapshot.ts): in a module of its
 * own, since the snapshot builder's entry may export nothing (Node runs it without `module`).
 */

/** Node's options of the runs the snapshot serves: `execArgv` without the snapshot's own. */
export function runOptions(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    if (a === '--build-snapshot' || a.startsWith('--snapshot-blob=')) continue;
    if (a === '--snapshot-blob') i++;
    else out.push(a);
  }
  return out;
}

/** The `--snapshot-blob` file in `execArgv`, if any. */
export function snapshotBlob(execArgv: readonly string[]): string | undefined {
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    if (a === '--snapshot-blob') return execArgv[i + 1];
    if (a.startsWith('--snapshot-blob=')) return a.slice('--snapshot-blob='.length);
  }
  return undefined;
}
