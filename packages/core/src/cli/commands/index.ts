import type { Command } from 'commander';
import { registerExample } from './example.js';
import { registerSoftIoc } from './softioc.js';
import { registerGet } from './get.js';
import { registerPut } from './put.js';
import { registerMonitor } from './monitor.js';
import { registerInfo } from './info.js';
import { registerStartProject } from './startproject.js';
import { registerRepeater } from './repeater.js';
import { registerWeb } from './web.js';
import { registerPvaTools } from './pva-tools.js';

/** Every sub-command registers itself here, in the order `devioc --help` lists them. */
export function registerCommands(program: Command): void {
  registerExample(program);
  registerSoftIoc(program);
  registerGet(program);
  registerPut(program);
  registerMonitor(program);
  registerInfo(program);
  registerPvaTools(program);
  registerRepeater(program);
  registerWeb(program);
  registerStartProject(program);
}
