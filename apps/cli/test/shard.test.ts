import { describe, expect, it } from 'vitest';
import { resolveShard } from '../src/shard';
import { UsageError } from '../src/errors';

describe('resolveShard', () => {
  it('reads --shard K/N, 0-based', () => {
    expect(resolveShard('0/4', undefined, {})).toEqual({ index: 0, count: 4 });
    expect(resolveShard(' 3/4 ', undefined, {})).toEqual({ index: 3, count: 4 });
    expect(resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '2' })).toBeUndefined(); // never implicit
  });

  it('takes K from a Kubernetes indexed Job or a SLURM array with --shards', () => {
    expect(resolveShard(undefined, '8', { JOB_COMPLETION_INDEX: '5' })).toEqual({ index: 5, count: 8 });
    expect(resolveShard(undefined, '8', { SLURM_ARRAY_TASK_ID: '5' })).toEqual({ index: 5, count: 8 });
    expect(resolveShard(undefined, '4', { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 3, count: 4 });
    expect(resolveShard(undefined, 'auto', { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '3' })).toEqual({ index: 2, count: 3 });
  });

  it('refuses what cannot be a shard', () => {
    for (const [shard, shards, env] of [
      ['4/4', undefined, {}], ['1/0', undefined, {}], ['-1/4', undefined, {}], ['1-4', undefined, {}], ['1/4', '4', {}],
      [undefined, '4', {}], [undefined, 'auto', { SLURM_ARRAY_TASK_ID: '1' }], [undefined, 'x', { JOB_COMPLETION_INDEX: '1' }],
      [undefined, '4', { JOB_COMPLETION_INDEX: '4' }],
    ] as [string | undefined, string | undefined, NodeJS.ProcessEnv][]) {
      expect(() => resolveShard(shard, shards, env), `${shard} ${shards} ${JSON.stringify(env)}`).toThrow(UsageError);
    }
  });
});
