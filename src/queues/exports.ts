/**
 * The exports consumer: an export job's id in, a CSV file in R2 out (src/domains/exports/run.ts).
 * A completed job's redelivery does nothing; a job found running starts over; after the last attempt
 * the job is marked failed and the message dead-letters.
 */
import { z } from 'zod';
import { runExport } from '../domains/exports/run';
import type { Consumer } from './consumer';

export const ExportMessage = z.object({ kind: z.literal('export'), id: z.string().min(1) });

export const exportsConsumer: Consumer<z.infer<typeof ExportMessage>> = {
  schema: ExportMessage,
  async handle(body, { env, db, attempt }) {
    await runExport(env, db, body.id, { attempt });
  },
};
