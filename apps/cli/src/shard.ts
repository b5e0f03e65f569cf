// Shards: run K of N processes the images whose 0-based index in input order is K mod N. The
// index comes from --shard K/N, or with --shards N from the batch engine's environment: a
// Kubernetes indexed Job's JOB_COMPLETION_INDEX, or a SLURM array's SLURM_ARRAY_TASK_ID (minus
// SLURM_ARRAY_TASK_MIN, so --array=1-4 works too); --shards auto takes N from
// SLURM_ARRAY_TASK_COUNT.
import { UsageError } from './errors';

export interface Shard {
  index: number;
  count: number;
}

const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined);

export function resolveShard(shard: string | undefined, shards: string | undefined, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  if (shard !== undefined && shards !== undefined) throw new UsageError('give --shard K/N or --shards N, not both');
  if (shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(shard.trim());
    if (!m) throw new UsageError(`--shard expects K/N with 0 <= K < N (got ${JSON.stringify(shard)})`);
    return check(Number(m[1]), Number(m[2]), '--shard');
  }
  if (shards === undefined) return undefined;
  const count = shards === 'auto' ? int(env.SLURM_ARRAY_TASK_COUNT) : int(shards);
  if (count === undefined) {
    throw new UsageError(shards === 'auto' ? '--shards auto needs SLURM_ARRAY_TASK_COUNT' : `--shards expects a count or auto (got ${JSON.stringify(shards)})`);
  }
  const k8s = int(env.JOB_COMPLETION_INDEX);
  const slurm = int(env.SLURM_ARRAY_TASK_ID);
  const index = k8s ?? (slurm === undefined ? undefined : slurm - (int(env.SLURM_ARRAY_TASK_MIN) ?? 0));
  if (index === undefined) throw new UsageError('--shards needs JOB_COMPLETION_INDEX (Kubernetes indexed Job) or SLURM_ARRAY_TASK_ID (SLURM array) in the environment, or use --shard K/N');
  return check(index, count, '--shards');
}

function check(index: number, count: number, flag: string): Shard {
  if (!(count >= 1 && index >= 0 && index < count)) throw new UsageError(`${flag}: shard index ${index} is not in 0..${count - 1}`);
  return { index, count };
}
