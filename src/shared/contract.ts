import { z } from 'zod';
import { appInfoSchema, catalogViewSchema, noticeViewSchema, productDetailSchema, productViewSchema, taskStatusSchema, taskViewSchema } from './domain.js';
import { settingsPatchSchema, settingsSchema } from './settings.js';

/**
 * The IPC contract: every `domain:verb` channel with the schema of its one argument and of its
 * result. The main process registers a handler for each entry; the preload exposes one method
 * per entry (`window.nightshift.settings.get()` for `settings:get`) and nothing else.
 */
export const contract = {
  'app:info': { input: z.void(), output: appInfoSchema },
  'settings:get': { input: z.void(), output: settingsSchema },
  'settings:set': { input: settingsPatchSchema, output: settingsSchema },
  'tasks:list': {
    input: z
      .object({
        status: z.array(taskStatusSchema).max(6).optional(),
        kind: z.string().max(64).optional(),
        productId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(10_000).optional(),
      })
      .strict()
      .optional(),
    output: z.array(taskViewSchema),
  },
  'products:list': {
    input: z.object({ limit: z.number().int().min(1).max(100_000).optional() }).strict().optional(),
    output: z.array(productViewSchema),
  },
  'products:get': {
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: productDetailSchema,
  },
  'notices:list': { input: z.void(), output: z.array(noticeViewSchema) },
  'sources:list': {
    input: z.object({ productId: z.number().int().positive() }).strict(),
    /** null before the product's extraction has finished. */
    output: catalogViewSchema.nullable(),
  },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

/** Typed push events from the main process to the renderer. */
export const events = {
  'tasks:changed': z.object({ ids: z.array(z.number().int()) }),
  'products:changed': z.object({ ids: z.array(z.number().int()) }),
  'settings:changed': settingsSchema,
  'runner:changed': appInfoSchema.shape.runner,
  notice: noticeViewSchema,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
