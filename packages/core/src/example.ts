/** `@devioc/core/example`: DevIOC's example IOC, served by `devioc example`. */
export { MyIOC, MyIOCApp } from './example/my-ioc.js';
