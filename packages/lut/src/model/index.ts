export { LUT_STATUS_NAMES, LutModel, LutStatus, MESSAGE_LENGTH, RANGE_CHOICES, RANGE_MODES } from './lut-model.js';
