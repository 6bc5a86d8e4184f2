/** The test IOC: one record of every value kind pvws distinguishes. */
export const TEST_DB = `
record(ai, "T:ai") {
  field(DESC, "Analog in")
  field(EGU, "mm")
  field(PREC, "3")
  field(HOPR, "10")
  field(LOPR, "-10")
  field(HIHI, "8")
  field(HIGH, "5")
  field(LOW, "-5")
  field(LOLO, "-8")
  field(HHSV, "MAJOR")
  field(HSV, "MINOR")
  field(LSV, "MINOR")
  field(LLSV, "MAJOR")
  field(VAL, "1.5")
}
record(ao, "T:ao") { field(DESC, "Setpoint") field(EGU, "V") field(PREC, "2") field(DRVH, "100") field(DRVL, "-100") field(HOPR, "100") field(LOPR, "-100") }
record(longout, "T:long") { field(VAL, "42") }
record(mbbo, "T:mbbo") { field(ZRST, "ZERO") field(ONST, "ONE") field(TWST, "TWO") field(VAL, "1") }
record(stringout, "T:str") { field(VAL, "hello") }
record(waveform, "T:dbl") { field(FTVL, "DOUBLE") field(NELM, "4") }
record(waveform, "T:flt") { field(FTVL, "FLOAT") field(NELM, "3") }
record(waveform, "T:srt") { field(FTVL, "SHORT") field(NELM, "3") }
record(waveform, "T:int") { field(FTVL, "LONG") field(NELM, "3") }
record(waveform, "T:byt") { field(FTVL, "CHAR") field(NELM, "64") }
record(waveform, "T:strs") { field(FTVL, "STRING") field(NELM, "2") }
record(waveform, "T:flt1") { field(FTVL, "FLOAT") field(NELM, "1") }
record(waveform, "T:srt1") { field(FTVL, "SHORT") field(NELM, "1") }
record(waveform, "T:byt1") { field(FTVL, "CHAR") field(NELM, "1") }
record(ao, "T:secured") { field(ASG, "RO") }
record(waveform, "T:big") { field(FTVL, "DOUBLE") field(NELM, "200000") }
`;

export const TEST_ACF = `
ASG(DEFAULT) { RULE(1, WRITE) }
ASG(RO) { RULE(1, READ) }
`;
