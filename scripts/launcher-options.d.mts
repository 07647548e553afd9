/** See launcher-options.mjs. */
export function launcherOptions(root: string): string[];
export function poolSizeOption(): string[];
export function hugePagesTunable(sysfs?: string): string;
