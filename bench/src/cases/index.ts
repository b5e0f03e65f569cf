// Every benchmark case, in report order.
import { cclCases } from './ccl';
import { fillCases } from './fill';
import { rleCases } from './rle';
import { contourCases } from './contour';
import { datasetCases } from './dataset';
import { e2eCases } from './e2e';
import { coco2gb } from './coco-2gb';
import type { Case } from './types';

export const allCases: Case[] = [...rleCases, ...fillCases, ...cclCases, ...contourCases, ...datasetCases, ...e2eCases, coco2gb];
