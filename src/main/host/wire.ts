import { z } from 'zod';

/** One request over the host's WebSocket; the reply is `{ id, result }`. */
export const hostMessageSchema = z.object({
  id: z.number().int(),
  channel: z.string().max(64),
  input: z.unknown().optional(),
});

/**
 * The largest request the WebSocket takes, in bytes; a larger one is answered with an
 * `invalid_argument` reply (the page sends those by `POST /call` instead).
 */
export const MAX_MESSAGE_BYTES = 1 << 20;
