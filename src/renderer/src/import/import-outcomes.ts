import type { ImportSummaryView } from '../../../shared/domain.js';

/** What became of one file of an import: a new image, bytes the library already had, or refused (with the reason). */
export type ImportOutcome =
  | { kind: 'new'; path: string; productId: number; name: string }
  | { kind: 'existing'; path: string; productId: number; name: string }
  | { kind: 'refused'; path: string; code: string; message: string };

/** The files of an import in the order given, each with its outcome, and the counts (`added` is how much the library grew). */
export function importOutcomes(summary: ImportSummaryView, order: readonly string[] = []): { items: ImportOutcome[]; added: number; existing: number; refused: number } {
  const items: ImportOutcome[] = [
    ...summary.imported.map((i): ImportOutcome => ({ kind: i.created ? 'new' : 'existing', path: i.path, productId: i.productId, name: i.name })),
    ...summary.errors.map((e): ImportOutcome => ({ kind: 'refused', path: e.path, code: e.code, message: e.message })),
  ];
  const rank = new Map(order.map((p, i) => [p, i]));
  items.sort((a, b) => (rank.get(a.path) ?? Infinity) - (rank.get(b.path) ?? Infinity));
  return {
    items,
    added: items.filter((i) => i.kind === 'new').length,
    existing: items.filter((i) => i.kind === 'existing').length,
    refused: items.filter((i) => i.kind === 'refused').length,
  };
}

/** A refusal's reason without the file name it often starts with (the panel shows the name beside it). */
export function reasonOf(item: Extract<ImportOutcome, { kind: 'refused' }>): string {
  const base = item.path.split(/[\\/]/).pop() ?? item.path;
  for (const prefix of [`${item.path}: `, `${base}: `]) if (item.message.startsWith(prefix)) return item.message.slice(prefix.length);
  return item.message;
}
