// The rule registry: every rule of the linter, one import and one list entry each.
// analyze.ts runs them all; add a rule by adding its two lines here.
import type { Rule } from './rule';
import { mapKeyRule } from './mapKey';
import { mapValueRule } from './mapValue';
import { mapSizeRoundedRule } from './mapSizeRounded';
import { mapSizeMissingRule } from './mapSizeMissing';
import { mapSizeTooBigRule } from './mapSizeTooBig';
import { mapFlagsRule } from './mapFlags';
import { innerTemplateRule } from './innerTemplate';
import { legacyMapsRule } from './legacyMaps';
import { helperMapTypeRule } from './helperMapType';
import { drainMapTypeRule } from './drainMapType';
import { ringbufOtherHelperRule } from './ringbufOtherHelper';
import { reserveSizeConstRule } from './reserveSizeConst';
import { reserveSizeZeroRule } from './reserveSizeZero';
import { reserveNeverFitsRule } from './reserveNeverFits';
import { reserveFlagsRule } from './reserveFlags';
import { commitFlagsRule } from './commitFlags';
import { outputFlagsRule } from './outputFlags';
import { queryFlagsRule } from './queryFlags';
import { drainFlagsRule } from './drainFlags';
import { outputDataRule } from './outputData';
import { drainCtxRule } from './drainCtx';
import { drainCallbackReturnRule } from './drainCallbackReturn';
import { outputTooLongRule } from './outputTooLong';
import { nullCheckRule } from './nullCheck';
import { boundsRule } from './nullCheckBounds';
import { leakRule } from './leak';
import { useAfterReleaseRule } from './useAfterRelease';
import { doubleReleaseRule } from './useAfterReleaseDouble';
import { releaseProvenanceRule } from './releaseProvenance';
import { spinLockRule } from './spinLock';
import { dynptrRule } from './dynptr';
import { userRingbufRule } from './userRingbuf';
import { innerMapNullRule } from './innerMapNull';
import { recordVarIndexRule } from './recordVarIndex';
import { globalArgSizeRule } from './globalArgSize';
import { reserveLoopBoundRule } from './reserveLoopBound';
import { recordPtrStoreRule } from './recordPtrStore';
import { outputSizeUnboundedRule } from './outputSizeUnbounded';
import { outputSizeSignedRule } from './outputSizeSigned';
import { outputRangeTooLongRule } from './outputRangeTooLong';
import { dynptrSlotRule } from './dynptrSlot';
import { targetKernelRule } from './targetKernel';

export const rules: readonly Rule[] = [
  mapKeyRule,
  mapValueRule,
  mapSizeRoundedRule,
  mapSizeMissingRule,
  mapSizeTooBigRule,
  mapFlagsRule,
  innerTemplateRule,
  legacyMapsRule,
  helperMapTypeRule,
  drainMapTypeRule,
  ringbufOtherHelperRule,
  reserveSizeConstRule,
  reserveSizeZeroRule,
  reserveNeverFitsRule,
  reserveFlagsRule,
  commitFlagsRule,
  outputFlagsRule,
  queryFlagsRule,
  drainFlagsRule,
  outputDataRule,
  drainCtxRule,
  drainCallbackReturnRule,
  outputTooLongRule,
  nullCheckRule,
  boundsRule,
  leakRule,
  useAfterReleaseRule,
  doubleReleaseRule,
  releaseProvenanceRule,
  spinLockRule,
  dynptrRule,
  userRingbufRule,
  innerMapNullRule,
  recordVarIndexRule,
  globalArgSizeRule,
  reserveLoopBoundRule,
  recordPtrStoreRule,
  outputSizeUnboundedRule,
  outputSizeSignedRule,
  outputRangeTooLongRule,
  dynptrSlotRule,
  targetKernelRule,
];
