import { models } from '@devioc/core';
import { NO_YES } from '../choices.js';

/**
 * Tong drying bookkeeping (mxdc reads TIMER:REHEAT and TIMER:SAMPLES to decide when to dry).
 * The timers and their limits are autosaved, so a restart neither forgets a reheat that is due
 * nor grants a fresh hour; the time the IOC was down is not counted.
 */
export const timerRecords = () => ({
  reheatTimer: models.Longin('TIMER:REHEAT', { autosave: true, default: 3600, units: 's', readOnly: true, desc: 'Seconds until a tong reheat is due' }),
  samplesTimer: models.Longin('TIMER:SAMPLES', { autosave: true, default: 40, readOnly: true, desc: 'Mounts left before a reheat is due' }),
  maxSamples: models.Integer('PARAM:MAXSAMPLES', { autosave: true, default: 40, minVal: 1, maxVal: 10000, desc: 'Mounts allowed between reheats' }),
  reheatPeriod: models.Integer('PARAM:REHEATPERIOD', { autosave: true, default: 3600, minVal: 1, maxVal: 1_000_000, units: 's', desc: 'Seconds allowed between reheats' }),
  prefetched: models.Stringin('STATE:PREFETCHED', { default: '', readOnly: true, desc: 'Prefetched port, empty if none' }),
  drying: models.Mbbi('STATE:DRYING', { choices: NO_YES, default: 0, readOnly: true, desc: 'Tong being dried or soaked' }),
});
