import { expect, it } from 'vitest';
import { RowFeed } from './row-feed.js';
import { RecordWriter } from './row-records.js';

/** Rows of one text column and no geometry, as records. */
const records = (...names: string[]) => {
  const w = new RecordWriter();
  for (const name of names) w.row([name, null]);
  return w.take();
};

it('hands pushed records to the writer as batches, in order, until ended', async () => {
  const feed = new RowFeed();
  const taken: unknown[][][] = [];
  const writer = (async () => {
    for await (const batch of feed.batches([1])) taken.push(batch);
  })();
  feed.pushRecords(records('a', 'b'), 2);
  feed.pushRecords(records('c'), 1);
  await feed.ready();
  feed.end();
  await writer;
  expect(taken).toEqual([
    [
      [1, 'a', null],
      [1, 'b', null],
    ],
    [[1, 'c', null]],
  ]);
  expect(feed.count).toBe(3);
});

it('holds the checking back while the writer lags, and stops both sides when either fails', async () => {
  const feed = new RowFeed();
  for (let i = 0; i < 40; i++) feed.pushRecords(records(`${i}`), 1);
  let waited = true;
  const checking = feed.ready().then(
    () => (waited = false),
    (error: Error) => error.message,
  );
  await Promise.resolve();
  expect(waited).toBe(true);
  // The writer gives up (say a COPY error): the checking's wait ends with that error.
  feed.fail(new Error('copy failed'));
  expect(await checking).toBe('copy failed');
  await expect(feed.ready()).rejects.toThrow('copy failed');
  const batches = feed.batches();
  await expect(batches.next()).rejects.toThrow('copy failed');
});
