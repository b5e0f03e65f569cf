// Every benchmark case, in report order.
import { rleCases } from './rle';
import { datasetCases } from './dataset';
import type { Case } from './types';

export const allCases: Case[] = [...rleCases, ...datasetCases];
