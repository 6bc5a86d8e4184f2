/**
 * Every test, and every process a test spawns, talks to loopback only: no beacon or search
 * broadcast on a real network interface. Tests that need other settings pass them explicitly.
 */
process.env.EPICS_CAS_AUTO_BEACON_ADDR_LIST = 'NO';
process.env.EPICS_CAS_BEACON_ADDR_LIST = '127.255.255.255';
process.env.EPICS_CA_AUTO_ADDR_LIST = 'NO';
process.env.EPICS_CA_ADDR_LIST ??= '127.0.0.1';
process.env.DEVIOC_LOG_LEVEL ??= 'warn';
// The same for pvAccess, served beside CA by default.
process.env.EPICS_PVAS_AUTO_BEACON_ADDR_LIST = 'NO';
process.env.EPICS_PVAS_BEACON_ADDR_LIST ??= '127.255.255.255';
process.env.EPICS_PVA_AUTO_ADDR_LIST = 'NO';
process.env.EPICS_PVA_ADDR_LIST ??= '127.0.0.1';
