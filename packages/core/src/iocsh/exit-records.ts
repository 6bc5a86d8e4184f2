/**
 * softIoc's -x PREFIX: a `PREFIX:exit` sub record whose subroutine ends the IOC (A = 0: exit
 * status 0, otherwise 1) and `PREFIX:BaseVersion` with the version of what serves it. The
 * records are written here from softIoc's documented behaviour (its softIocExit.db).
 */
export const EXIT_DB_NAME = 'softIocExit.db';

export const EXIT_DB = `record(sub, "$(IOC):exit") {
    field(DESC, "Exit subroutine")
    field(SCAN, "Passive")
    field(SNAM, "exit")
}
record(stringin, "$(IOC):BaseVersion") {
    field(DESC, "EPICS Base Version")
    field(DTYP, "getenv")
    field(INP, "@EPICS_VERSION_FULL")
    field(PINI, "YES")
    field(DISP, 1)
}
`;
