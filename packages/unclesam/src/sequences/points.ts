/** The robot's named points (sam-robot-dhs.md §2.4.2): home, rest, and the cooling point. */
export const POINT_HOME = 'P0';
export const POINT_REST = 'P1';
/** Where every prepare leaves the robot, and where a prefetched port waits. */
export const POINT_COOL = 'P3';
