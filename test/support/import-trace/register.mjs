// Loaded with `node --import`: reports on stderr every import of the Kubernetes client, so a
// test can tell whether a process loaded it.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
