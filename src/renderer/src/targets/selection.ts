/**
 * The target the Targets page shows, kept outside React so that opening one of its images
 * (which replaces the page) and coming back lands on the same target.
 */
let current: number | null = null;

export function selectedTarget(): number | null {
  return current;
}

export function selectTarget(id: number | null): void {
  current = id;
}
