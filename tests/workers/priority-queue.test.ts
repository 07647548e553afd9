import { Piscina } from 'piscina';
import { describe, expect, it } from 'vitest';
import { PriorityTaskQueue } from '../../src/workers/tasks/priority-queue.js';

type Task = Parameters<PriorityTaskQueue['push']>[0];
const task = (name: string, priority?: number): Task => ({ name, [Piscina.queueOptionsSymbol]: priority === undefined ? null : { priority } }) as unknown as Task;
const names = (q: PriorityTaskQueue) => {
  const out: string[] = [];
  for (let t = q.shift(); t; t = q.shift()) out.push((t as unknown as { name: string }).name);
  return out;
};

describe('PriorityTaskQueue', () => {
  it('gives the highest priority first, first in first out within a priority', () => {
    const q = new PriorityTaskQueue();
    for (const [n, p] of [['a', 0], ['b', 0], ['urgent', 10], ['c', undefined], ['later', -5], ['urgent2', 10]] as const) q.push(task(n, p));
    expect(q.size).toBe(6);
    expect(names(q)).toEqual(['urgent', 'urgent2', 'a', 'b', 'c', 'later']);
  });

  it('removes a task (an aborted one) and puts a returned one in front', () => {
    const q = new PriorityTaskQueue();
    const x = task('x', 1);
    q.push(task('a', 5));
    q.push(x);
    q.push(task('b', 0));
    q.remove(x);
    q.unshift(task('back', 0));
    expect(names(q)).toEqual(['back', 'a', 'b']);
  });
});
