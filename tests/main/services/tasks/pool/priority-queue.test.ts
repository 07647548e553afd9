import { describe, expect, it } from 'vitest';
import { type Prioritized, PriorityQueue } from '../../../../../src/main/services/tasks/pool/priority-queue.js';

interface Item extends Prioritized {
  name: string;
}
const item = (name: string, priority = 0): Item => ({ name, priority, seq: 0, dequeued: false });
const names = (q: PriorityQueue<Item>) => {
  const out: string[] = [];
  for (let t = q.shift(); t; t = q.shift()) out.push(t.name);
  return out;
};

describe('PriorityQueue', () => {
  it('gives the highest priority first, first in first out within a priority', () => {
    const q = new PriorityQueue<Item>();
    for (const [n, p] of [['a', 0], ['b', 0], ['urgent', 10], ['c', 0], ['later', -5], ['urgent2', 10]] as const) q.push(item(n, p));
    expect(q.size).toBe(6);
    expect(names(q)).toEqual(['urgent', 'urgent2', 'a', 'b', 'c', 'later']);
    expect(q.size).toBe(0);
  });

  it('removes a waiting item (an aborted task) and not one already taken', () => {
    const q = new PriorityQueue<Item>();
    const x = item('x', 1);
    const a = item('a', 5);
    q.push(a);
    q.push(x);
    q.push(item('b', 0));
    expect(q.remove(x)).toBe(true);
    expect(q.remove(x)).toBe(false);
    expect(q.size).toBe(2);
    expect(q.shift()).toBe(a);
    expect(q.remove(a)).toBe(false);
    q.push(item('c', 0));
    expect(names(q)).toEqual(['b', 'c']);
  });

  it('keeps the order through many pushes, removals and shifts', () => {
    const q = new PriorityQueue<Item>();
    const all: Item[] = [];
    let r = 7;
    const rand = () => (r = (r * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const it = item(`t${i}`, Math.floor(rand() * 5));
      all.push(it);
      q.push(it);
    }
    const removed = new Set(all.filter(() => rand() < 0.8));
    for (const it of removed) q.remove(it);
    const expected = all
      .filter((it) => !removed.has(it))
      .sort((a, b) => b.priority - a.priority || a.seq - b.seq)
      .map((it) => it.name);
    expect(q.size).toBe(expected.length);
    expect(names(q)).toEqual(expected);
  });
});
