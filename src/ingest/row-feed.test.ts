import { expect, it } from 'vitest';
import { RowFeed } from './row-feed.js';

it('hands pushed lines to the writer as batches, in order, until ended', async () => {
  const feed = new RowFeed();
  const taken: unknown[][][] = [];
  const writer = (async () => {
    for await (const batch of feed.batches((line) => [line])) taken.push(batch);
  })();
  feed.pushLines('a\nb', 2);
  feed.pushLines(new TextEncoder().encode('c'), 1);
  await feed.ready();
  feed.end();
  await writer;
  expect(taken).toEqual([[['a'], ['b']], [['c']]]);
  expect(feed.count).toBe(3);
});

it('holds the checking back while the writer lags, and stops both sides when either fails', async () => {
  const feed = new RowFeed();
  for (let i = 0; i < 40; i++) feed.pushLines(`${i}`, 1);
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
  const batches = feed.batches((line) => [line]);
  await expect(batches.next()).rejects.toThrow('copy failed');
});
