import { models } from '@devioc/core';
import { DUMBBELL_CHOICES, LN2_CHOICES, NO_YES, SAMPLE_CHOICES } from '../choices.js';

const count = (name: string, desc: string) => models.Longin(name, { default: 0, readOnly: true, desc });
const port = (name: string, desc: string) => models.Stringin(name, { default: '', readOnly: true, desc });

/** The 18 elements of robot_state (sam-robot-dhs.md §2.4.2), one record each. */
export const stateRecords = () => ({
  sample: models.Mbbi('STATE:SAMPLE', { choices: SAMPLE_CHOICES, default: 0, readOnly: true, desc: 'Where the sample is' }),
  dumbbell: models.Mbbi('STATE:DUMBBELL', { choices: DUMBBELL_CHOICES, default: 2, readOnly: true, desc: 'Dumbbell state' }),
  position: models.Stringin('STATE:POS', { default: '', readOnly: true, desc: 'Robot point (P0 home, P3 cool)' }),
  ln2: models.Mbbi('STATE:LN2', { choices: LN2_CHOICES, default: 0, readOnly: true, desc: 'LN2 level' }),
  currentPort: port('STATE:CURPORT', 'Port the robot is at'),
  mountedCount: count('STATE:MOUNTED:CNT', 'Pins mounted'),
  lostCount: count('STATE:LOST:CNT', 'Pins lost'),
  beforeLostCount: count('STATE:BEFORELOST:CNT', 'Pins mounted before lost'),
  onGonio: models.Mbbi('STATE:ONGONIO', { choices: NO_YES, default: 0, readOnly: true, desc: 'Sample on the goniometer' }),
  stripCount: count('STATE:STRIP:CNT', 'Pins stripped'),
  stripShortCount: count('STATE:STRIPSHORT:CNT', 'Pins stripped (short trip)'),
  tongPort: port('STATE:TONG', 'Port of the sample on the tong'),
  pickerPort: port('STATE:PICKER', 'Port of the sample on the picker'),
  placerPort: port('STATE:PLACER', 'Port of the sample on the placer'),
  puckMountCount: count('STATE:PUCKMNT:CNT', 'Puck pins mounted'),
  puckMountShortCount: count('STATE:PUCKMNTSHORT:CNT', 'Puck pins mounted (short trip)'),
  movedCount: count('STATE:MOVED:CNT', 'Pins moved'),
  puckMovedCount: count('STATE:PUCKMOVED:CNT', 'Puck pins moved'),
});
