/**
 * Masters chosen by hand (issue 17): what the product page and `nightshift calib use` show and
 * send. Product ids; times ISO 8601 UTC; exposures in seconds; temperatures in °C.
 */
import { z } from 'zod';
import { MASTER_TYPES } from './words.js';

export { MASTER_TYPES } from './words.js';
export const masterTypeSchema = z.enum(MASTER_TYPES);
export type MasterType = z.infer<typeof masterTypeSchema>;

/** One master a light could be calibrated with, and how it stands against the matching rule. */
export const masterOptionSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  type: masterTypeSchema,
  filter: z.string().nullable(),
  exposure: z.number().nullable(),
  temperature: z.number().nullable(),
  /** The master's time (the middle of its inputs', or its DATE-OBS), ISO 8601 UTC. */
  time: z.string().nullable(),
  /** Whether it fits the rule (camera, filter, exposure and temperature tolerances). */
  fits: z.boolean(),
  /** Why it fits or does not, in words ("filter V, not R"; "1.0 h from the light"). */
  why: z.string(),
  /** The rule's own choice now. */
  automatic: z.boolean(),
  /** The one the light's current calibrated frame was made with. */
  used: z.boolean(),
  /** Chosen by hand. */
  chosen: z.boolean(),
});
export type MasterOption = z.infer<typeof masterOptionSchema>;

/** A raw light's masters: for each type, the masters of its camera (the ones that fit first). */
export const lightMastersSchema = z.object({
  lightId: z.number().int(),
  /** The light's calibrated frame now, or null. */
  calibratedId: z.number().int().nullable(),
  /** The masters chosen by hand (null: the rule chooses). */
  choice: z.object({ bias: z.number().int().nullable(), dark: z.number().int().nullable(), flat: z.number().int().nullable() }),
  options: z.object({ bias: z.array(masterOptionSchema), dark: z.array(masterOptionSchema), flat: z.array(masterOptionSchema) }),
});
export type LightMasters = z.infer<typeof lightMastersSchema>;

const masterId = z.number().int().positive().nullable().optional();

/** A choice by hand: a master id per type (null: back to the rule; absent: unchanged). */
export const calibChooseInputSchema = z.object({ id: z.number().int().positive(), bias: masterId, dark: masterId, flat: masterId }).strict();
export type CalibChooseInput = z.infer<typeof calibChooseInputSchema>;
