import { z } from 'zod';

/** One request over the host's WebSocket; the reply is `{ id, result }`. */
export const hostMessageSchema = z.object({
  id: z.number().int(),
  channel: z.string().max(64),
  input: z.unknown().optional(),
});
