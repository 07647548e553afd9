import { z } from 'zod';

/**
 * The astrometry.net index files the settings' folders hold (`solve:indexes`): each folder and
 * whether it exists, each index's id and quad sizes (arcminutes), the field widths the set can
 * solve (arcminutes, about the smallest quad to ten times the largest; null: no index), and the
 * files that could not be read.
 */
export const installedIndexesSchema = z.object({
  folders: z.array(z.object({ dir: z.string(), exists: z.boolean() })),
  indexes: z.array(z.object({ path: z.string(), id: z.number().int(), quadLowArcmin: z.number(), quadHighArcmin: z.number() })),
  fields: z.object({ lowArcmin: z.number(), highArcmin: z.number() }).nullable(),
  errors: z.array(z.string()),
});
export type InstalledIndexes = z.infer<typeof installedIndexesSchema>;
