export const CA_MINOR_VERSION = 13;
