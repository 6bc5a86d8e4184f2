import { binBuilt, installDir, type ProjectContext } from './context.js';

/**
 * deploy/<name>@.service: a systemd template unit, one instance per device (the instance name),
 * replacing DevIOC's SysV init script under procServ. The IOC needs no terminal, so systemd runs
 * it directly: logs to the journal, restarted on failure, stopped with SIGTERM (a clean shutdown).
 */
export const systemdUnit = (c: ProjectContext): string => `# ${c.name}@.service: runs the ${c.name} IOC, one instance per device (the instance name):
#
#   sudo systemctl enable --now ${c.name}@${c.exampleDevice}
#   journalctl -u ${c.name}@${c.exampleDevice} -f
#
# Install: the project built in ${installDir(c)} (or change the paths below), then
#   sudo cp deploy/${c.name}@.service /etc/systemd/system/ && sudo systemctl daemon-reload
# Per-device settings (optional) go in /etc/${c.name}/<device>.env, for example:
#   EPICS_CAS_SERVER_PORT=5064
#   EPICS_CAS_INTF_ADDR_LIST=10.0.0.5
#   IOC_ARGS=--verbose --log-file ioc.log
# See README.md, "Deploying with systemd".

[Unit]
Description=${c.name} EPICS soft IOC %i
Documentation=file:${installDir(c)}/README.md
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
Environment=IOC_ARGS=
EnvironmentFile=-/etc/${c.name}/%i.env
ExecStart=/usr/bin/env node ${installDir(c)}/${binBuilt(c)} --device %i $IOC_ARGS
# A dedicated user and working directory per device: /var/lib/${c.name}/<device>
# (relative paths, such as --log-file ioc.log, land there).
DynamicUser=yes
StateDirectory=${c.name}/%i
WorkingDirectory=%S/${c.name}/%i
StandardOutput=journal
StandardError=journal
SyslogIdentifier=${c.name}-%i
Restart=on-failure
RestartSec=5
TimeoutStopSec=15

[Install]
WantedBy=multi-user.target
`;
