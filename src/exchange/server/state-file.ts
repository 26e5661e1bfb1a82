// The local exchange's state on disk: written after every change, atomically (a temporary file renamed over the
// old one), so a crash or kill at any instant leaves either the old state or the new one, never half of each.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import { engineStateSchema } from '../matching/state.js';
import type { EngineState } from '../matching/state.js';
import type { ReplayTime } from '../matching/candle-quotes.js';

const stateFileSchema = z.object({
  version: z.literal(1),
  replay: z.object({ start: z.number(), origin: z.number(), speed: z.number().positive() }),
  engine: engineStateSchema,
});

export interface ServerState {
  readonly replay: ReplayTime;
  readonly engine: EngineState;
}

/** The saved state, or undefined when there is no file yet. A file that is not a valid state is an error. */
export function loadServerState(path: string): ServerState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError('is not JSON; delete it to start afresh', { file: path });
  }
  const r = stateFileSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new InputError(
      `is not a local exchange state (${first?.path.join('.') ?? ''}: ${first?.message ?? ''})`,
      {
        file: path,
      },
    );
  }
  return { replay: r.data.replay, engine: r.data.engine };
}

export function saveServerState(path: string, state: ServerState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, replay: state.replay, engine: state.engine }));
  renameSync(tmp, path);
}
