// Runs before every test file (vitest's setupFiles), also when the files of one worker share
// their imported modules (isolate: false in vitest.config.mts): what a file may have changed in a
// shared module goes back to where a fresh import would start.
import { setLanguage, threadCount } from "../src/index";
import { resetWorstErrors } from "./grad/util";
import { resetSeeds } from "./helpers";

resetSeeds();
resetWorstErrors();
setLanguage("en");
// Tests that start worker threads stop them in a finally; a file that did not would make every
// later file in this worker run on threads.
if (threadCount() !== 1)
  throw new Error(`a test file left ${threadCount()} kernel threads running`);
